//! `quanze consolidate AMENDMENT`: the amended plan as one `.qz` source, with the base's
//! comments and citations, written only when the amended plan checks without errors.

use std::path::PathBuf;

use quanze::report::SourceSet;
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, deliver, load_clean};
use super::output::{PLAN_TEXT, choose};

#[derive(clap::Args)]
pub struct Args {
    /// 修正案文件（.qz）/ the amendment
    file: PathBuf,

    /// 写入此文件（默认输出到屏幕）/ write to this file instead of standard output
    #[arg(short, long)]
    output: Option<PathBuf>,

    #[command(flatten)]
    base: BaseOptions,
}

pub fn run(args: &Args, lang: Lang) -> Outcome {
    if let Err(outcome) = choose(&PLAN_TEXT, None, (), args.output.as_deref(), lang) {
        return outcome;
    }
    let mut sources = SourceSet::default();
    let loaded = match load_clean(&args.file, &args.base, &mut sources, lang) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let Some(text) = loaded.consolidated else {
        let name = &loaded.name;
        match lang {
            Lang::Zh => eprintln!("错误：`{name}` 不是修正案（文件应以 `修正案 \"标题\" {{ … }}` 开头）"),
            Lang::En => {
                eprintln!("error: `{name}` is not an amendment (it should open with `amendment \"title\" {{ … }}`)")
            }
        }
        return Outcome::Trouble;
    };
    deliver(args.output.as_deref(), &text, lang)
}
