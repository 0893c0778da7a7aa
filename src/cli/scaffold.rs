//! `quanze scaffold PARENT --for LEVEL -o CHILD.qz`: the skeleton of a plan that divides
//! one of the parent's levels.

use std::path::PathBuf;

use quanze::chain::Parent;
use quanze::names::{closest, list};
use quanze::render::SourceSet;
use quanze::scaffold::{Request, scaffold};
use quanze::syntax;
use quanze::text::Lang;

use super::Outcome;
use super::files::{BaseOptions, load_clean, relative_to_output, unwritable_path};
use super::output::{DraftTarget, draft_output};
use super::write::deliver;

#[derive(clap::Args)]
pub struct Args {
    /// 上级方案文件（.qz）/ the parent plan
    parent: PathBuf,

    /// 要细分的上级层级，如 盟市 / the parent's level to divide, e.g. Local
    #[arg(long = "for", value_name = "LEVEL")]
    level: String,

    /// 本方案的层级，由高到低，逗号分隔（默认：LEVEL本级,下级）/ the new plan's levels, highest first, comma-separated
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    levels: Vec<String>,

    #[command(flatten)]
    target: DraftTarget,
}

pub fn run(args: &Args, lang: Lang) -> Outcome {
    if let Err(outcome) = draft_output(&args.target, lang) {
        return outcome;
    }
    let mut sources = SourceSet::default();
    let loaded = match load_clean(&args.parent, &BaseOptions::default(), &mut sources, lang) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let Some((plan, tables)) = loaded.compiled.clean_plan() else {
        return Outcome::Findings;
    };
    let Some(level) = plan.levels.iter().position(|l| l.name == args.level) else {
        let wanted = &args.level;
        let levels = || plan.levels.iter().map(|l| l.name.as_str());
        match lang {
            Lang::Zh => eprintln!("错误：上级方案没有层级 `{wanted}`；它的层级：{}", list(levels()).zh),
            Lang::En => eprintln!(
                "error: the parent plan has no level `{wanted}`; its levels: {}",
                list(levels()).en
            ),
        }
        if let Some(close) = closest(wanted, levels()) {
            match lang {
                Lang::Zh => eprintln!("  = 是不是 `{close}`？"),
                Lang::En => eprintln!("  = did you mean `{close}`?"),
            }
        }
        return Outcome::Trouble;
    };
    let levels = if args.levels.is_empty() {
        match lang {
            Lang::Zh => vec![format!("{}本级", args.level), "下级".to_string()],
            Lang::En => vec![format!("{}_own", args.level), "lower".to_string()],
        }
    } else {
        args.levels.iter().map(|l| l.trim().to_string()).collect()
    };
    let Some(parent_path) = relative_to_output(&args.parent, args.target.output.as_deref()) else {
        unwritable_path(&args.parent, lang);
        return Outcome::Trouble;
    };
    let text = scaffold(&Request {
        parent: Parent { plan, tables },
        level,
        levels: &levels,
        parent_path: &parent_path,
        lang,
    });
    // The level names come from the command line: a name that is not a word would make a
    // draft that does not parse.
    if syntax::parse(0, &text).is_err() {
        let given = levels.join(", ");
        match lang {
            Lang::Zh => eprintln!("错误：层级名称 `{given}` 须是词（汉字、字母、数字），且不能是关键字"),
            Lang::En => eprintln!("error: level names `{given}` must be words (letters, digits), not keywords"),
        }
        return Outcome::Trouble;
    }
    deliver(args.target.output.as_deref(), &text, lang)
}
