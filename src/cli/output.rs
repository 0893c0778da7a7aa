//! Which format an output is written in, from `--format` and the name given to `-o`: one
//! rule for every command, so that no file ever holds another format than its name says.
//!
//! - `-o` with an extension one of the command's formats owns (`.xlsx`, `.csv`, …): that
//!   format; an explicit `--format` that says otherwise is refused.
//! - `-o` without an extension, or standard output: `--format`, else the default.
//! - `.txt`: only a plain-text format meant for reading (Markdown, a `.qz` source).
//! - any other extension: refused when it names a format this command does not write
//!   (`report -o x.csv`), or when there is no `--format` to say what the file holds.

use std::path::Path;

use quanze::text::Lang;

use super::Outcome;

/// One format a command writes: the name `--format` gives it, what it is, and the
/// extensions that name it (the first one is the usual).
#[derive(Clone, Copy, Debug)]
pub struct Kind<F> {
    pub format: F,
    pub name: &'static str,
    pub what: &'static str,
    pub extensions: &'static [&'static str],
    /// Plain text for reading: may also be written to a `.txt`.
    pub plain_text: bool,
}

impl<F> Kind<F> {
    /// Markdown (`.md`, `.markdown`), readable as plain text.
    pub const fn markdown(format: F) -> Self {
        Kind {
            format,
            name: "md",
            what: "Markdown",
            extensions: &["md", "markdown"],
            plain_text: true,
        }
    }

    /// JSON (`.json`).
    pub const fn json(format: F) -> Self {
        Kind {
            format,
            name: "json",
            what: "JSON",
            extensions: &["json"],
            plain_text: false,
        }
    }
}

/// A plan's own text (`.qz`): what `consolidate` and `scaffold` write.
pub const PLAN_TEXT: [Kind<()>; 1] = [Kind {
    format: (),
    name: "qz",
    what: "quanze",
    extensions: &["qz"],
    plain_text: true,
}];

/// Extensions that name a format, whether or not the command writes it: a file so named
/// is expected to hold that format, so nothing else is written into it.
const KNOWN: &[(&str, &str)] = &[
    ("md", "Markdown"),
    ("markdown", "Markdown"),
    ("csv", "CSV"),
    ("tsv", "TSV"),
    ("json", "JSON"),
    ("xlsx", "Excel"),
    ("xls", "Excel"),
    ("xlsm", "Excel"),
    ("ods", "OpenDocument"),
    ("dmn", "DMN"),
    ("xml", "XML"),
    ("html", "HTML"),
    ("htm", "HTML"),
    ("qz", "quanze"),
    ("sarif", "SARIF"),
    ("pdf", "PDF"),
    ("doc", "Word"),
    ("docx", "Word"),
    ("txt", "TXT"),
];

/// The format to write: `explicit` is `--format` (`None` when not given), `default` what
/// the command writes without one. `Err` is the exit status after the refusal is printed.
pub fn choose<F: Copy + PartialEq>(
    kinds: &[Kind<F>],
    explicit: Option<F>,
    default: F,
    output: Option<&Path>,
    lang: Lang,
) -> Result<F, Outcome> {
    let wanted = explicit.unwrap_or(default);
    let Some(path) = output else {
        return Ok(wanted);
    };
    let Some(extension) = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .filter(|e| !e.is_empty())
    else {
        return Ok(wanted);
    };
    let shown = path.display();
    let owner = kinds.iter().find(|k| k.extensions.contains(&extension.as_str()));
    let kind_of = |format: F| kinds.iter().find(|k| k.format == format);
    if let Some(owner) = owner {
        return match explicit.and_then(kind_of) {
            Some(asked) if asked.format != owner.format => {
                let (name, what, theirs) = (asked.name, asked.what, owner.what);
                match lang {
                    Lang::Zh => eprintln!(
                        "错误：`--format {name}` 要写 {what}，但 `-o {shown}` 的扩展名 `.{extension}` 表示 {theirs}；请去掉 `--format`，或换一个扩展名"
                    ),
                    Lang::En => eprintln!(
                        "error: `--format {name}` writes {what}, but the extension `.{extension}` of `-o {shown}` says {theirs}; leave out `--format`, or change the extension"
                    ),
                }
                Err(Outcome::Trouble)
            }
            _ => Ok(owner.format),
        };
    }
    let plain_text = extension == "txt" && kind_of(wanted).is_some_and(|k| k.plain_text);
    let named = KNOWN.iter().find(|(e, _)| *e == extension).map(|(_, what)| *what);
    if plain_text || (named.is_none() && explicit.is_some()) {
        return Ok(wanted);
    }
    let offered = kinds
        .iter()
        .map(|k| {
            let mut extensions: Vec<String> = k.extensions.iter().map(|e| format!(".{e}")).collect();
            if k.plain_text {
                extensions.push(".txt".to_string());
            }
            format!("{} ({})", k.name, extensions.join(" "))
        })
        .collect::<Vec<_>>()
        .join(", ");
    match (named, lang) {
        (Some(what), Lang::Zh) => {
            eprintln!("错误：`-o {shown}` 的扩展名 `.{extension}` 表示 {what}，本命令不写这种格式；它能写：{offered}")
        }
        (Some(what), Lang::En) => eprintln!(
            "error: the extension `.{extension}` of `-o {shown}` says {what}, which this command does not write; it writes: {offered}"
        ),
        (None, Lang::Zh) => eprintln!(
            "错误：不知道 `-o {shown}` 应是什么格式（扩展名 `.{extension}`）；请用以下扩展名之一，或用 `--format` 指定：{offered}"
        ),
        (None, Lang::En) => eprintln!(
            "error: the extension `.{extension}` of `-o {shown}` names no format quanze writes; use one of these, or say it with `--format`: {offered}"
        ),
    }
    Err(Outcome::Trouble)
}

/// Where a draft (`scaffold`, `draft`) goes: the file, and whether it may be overwritten.
#[derive(clap::Args)]
pub struct DraftTarget {
    /// 写入此文件（默认输出到屏幕）/ write to this file instead of standard output
    #[arg(short, long)]
    pub output: Option<std::path::PathBuf>,

    /// 覆盖已有的文件 / overwrite an existing file
    #[arg(long)]
    pub force: bool,
}

/// Where a draft goes: a plan's text, never over a file that exists unless `--force` (a
/// draft is a start, and the file may be the drafter's finished work).
pub fn draft_output(target: &DraftTarget, lang: Lang) -> Result<(), Outcome> {
    let output = target.output.as_deref();
    choose(&PLAN_TEXT, None, (), output, lang)?;
    if let Some(output) = output.filter(|o| o.exists() && !target.force) {
        let shown = output.display();
        match lang {
            Lang::Zh => eprintln!("错误：`{shown}` 已存在；草稿不会覆盖它（确需覆盖请加 `--force`）"),
            Lang::En => eprintln!("error: `{shown}` exists; the draft does not overwrite it (add `--force` to do so)"),
        }
        return Err(Outcome::Trouble);
    }
    Ok(())
}
