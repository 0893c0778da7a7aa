//! `cargo run --release --example hostile -- FOLDER`: writes the hostile plans of
//! inputs.rs into FOLDER, for the figures in BENCHMARKS.md ("Hostile inputs").

mod inputs;

fn main() -> std::process::ExitCode {
    let Some(folder) = std::env::args_os().nth(1) else {
        eprintln!("usage: hostile FOLDER");
        return std::process::ExitCode::from(2);
    };
    let folder = std::path::PathBuf::from(folder);
    for hostile in inputs::all() {
        let path = folder.join(hostile.name);
        if let Err(error) = std::fs::write(&path, hostile.text) {
            eprintln!("{}: {error}", path.display());
            return std::process::ExitCode::from(2);
        }
        println!("{}", path.display());
    }
    std::process::ExitCode::SUCCESS
}
