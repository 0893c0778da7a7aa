//! `quanze explain CODE`: the long explanation of a diagnostic code.

use quanze::diagnostic::Code;
use quanze::text::Lang;

use super::Outcome;

#[derive(clap::Args)]
pub struct Args {
    /// 诊断代码，如 E0008 / the code, e.g. E0008
    code: String,
}

pub fn run(args: &Args, lang: Lang) -> Outcome {
    match Code::parse(&args.code) {
        Some(code) if super::say(&code.explanation_in(lang)) => Outcome::Clean,
        Some(_) => Outcome::Trouble,
        None => {
            // Errors, then warnings, each in number order (the list itself is append-only).
            let mut known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            known.sort_unstable();
            let known = known.join(", ");
            let wanted = &args.code;
            match lang {
                Lang::Zh => eprintln!("错误：没有诊断代码 `{wanted}`\n已有的代码：{known}"),
                Lang::En => eprintln!("error: there is no diagnostic code `{wanted}`\nknown codes: {known}"),
            }
            Outcome::Trouble
        }
    }
}
