//! The `quanze` command. All reading and writing of files happens here, in `cli`; the
//! library does no IO.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
