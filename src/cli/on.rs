//! `--on YYYY-MM-DD` of `query` and `table`: the documents in force that day answer (the
//! library's `Workspace::in_force` chooses them); the command says which on stderr.

use std::path::{Path, PathBuf};

use quanze::calendar::{Day, NotADay};
use quanze::text::{Lang, Text};
use quanze::tr;

use super::files::BaseOptions;
use super::{Outcome, refuse};

/// The file to read for a question asked of `file` on the day `on` (the file itself when
/// no day is asked), having said which documents answer; `Err` when the day is not one or
/// the question cannot be answered for it (exit 2).
pub fn file_in_force(file: &Path, on: Option<&str>, base: &BaseOptions, lang: Lang) -> Result<PathBuf, Outcome> {
    let Some(text) = on else {
        return Ok(file.to_path_buf());
    };
    let day = day("--on", text, lang)?;
    let in_force = base
        .workspace()
        .in_force(file, day)
        .map_err(|reason| refuse(&reason, None, lang))?;
    let mut documents = in_force.documents.iter().map(|document| document.text());
    let plan = documents.next().unwrap_or_else(|| Text::same(String::new()));
    let day = Text::same(day.to_string());
    let said = match documents.next() {
        Some(amendment) => tr!(
            "按 {day} 施行的文件作答：{plan}，经{amendment}修正",
            "answered as in force on {day}: {plan}, as amended by {amendment}";
            day, plan, amendment
        ),
        None => tr!(
            "按 {day} 施行的文件作答：{plan}，无施行中的修正案",
            "answered as in force on {day}: {plan}, with no amendment in force";
            day, plan
        ),
    };
    let above: Vec<String> = in_force.above.iter().map(|d| d.text().get(lang).to_string()).collect();
    match (above.is_empty(), lang) {
        (true, _) => eprintln!("{}", said.get(lang)),
        (false, Lang::Zh) => eprintln!("{}；上级方案：{}", said.get(lang), above.join("、")),
        (false, Lang::En) => eprintln!("{}; the plans above: {}", said.get(lang), above.join(", ")),
    }
    Ok(in_force.file)
}

/// The day `text` given to `flag`, strictly `YYYY-MM-DD`. Read here rather than by clap, so
/// that the refusal speaks the reader's language only.
pub fn day(flag: &str, text: &str, lang: Lang) -> Result<Day, Outcome> {
    Day::parse(text).map_err(|not| match not {
        NotADay::Shape => refuse(
            &tr!(
                "`{flag} {text}` 不是 年-月-日 的写法",
                "`{flag} {text}` is not written year-month-day"
            ),
            Some(&tr!(
                "写作四位年、两位月、两位日，如 2026-12-03",
                "write a four-digit year, two-digit month and day, e.g. 2026-12-03"
            )),
            lang,
        ),
        NotADay::NoSuchDay => refuse(
            &tr!(
                "`{flag} {text}`：日历上没有这一天",
                "`{flag} {text}`: the calendar has no such day"
            ),
            None,
            lang,
        ),
    })
}
