//! `cargo run --release --example synth -- --matters N --dims D --values V --rules R
//! --gaps G --overlaps O --seed S [--numeric] [--counties N] [-o FILE]`: a synthetic plan with a known
//! number of planted gaps and conflicts (see generator.rs), for benchmarks and tests.

mod generator;

use clap::Parser;

#[derive(Parser)]
#[command(about = "合成方案生成器 / synthetic plan generator")]
struct Args {
    #[arg(long, default_value_t = 1)]
    matters: usize,
    #[arg(long, default_value_t = 3)]
    dims: usize,
    #[arg(long, default_value_t = 4)]
    values: usize,
    #[arg(long, default_value_t = 10)]
    rules: usize,
    #[arg(long, default_value_t = 0)]
    gaps: usize,
    #[arg(long, default_value_t = 0)]
    overlaps: usize,
    /// Numeric dimensions with thresholds instead of listed values
    #[arg(long)]
    numeric: bool,
    /// The first dimension a list of this many counties, dealt into `--values` tiers
    #[arg(long, default_value_t = 0)]
    counties: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write here instead of standard output
    #[arg(short, long)]
    output: Option<std::path::PathBuf>,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let spec = generator::Spec {
        matters: args.matters,
        dimensions: args.dims,
        values: args.values,
        rules: args.rules,
        gaps: args.gaps,
        overlaps: args.overlaps,
        numeric: args.numeric,
        seed: args.seed,
    };
    let generated = match args.counties {
        0 => generator::generate(&spec),
        counties => generator::generate_with_counties(&spec, counties),
    };
    let text = match generated {
        Ok(text) => text,
        Err(problem) => {
            eprintln!("synth: {problem}");
            return std::process::ExitCode::from(2);
        }
    };
    let written = match &args.output {
        Some(path) => std::fs::write(path, &text),
        None => {
            print!("{text}");
            Ok(())
        }
    };
    match written {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("synth: {error}");
            std::process::ExitCode::from(2)
        }
    }
}
