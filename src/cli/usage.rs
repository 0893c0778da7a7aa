//! A command line clap cannot read, said in the drafter's language: clap writes its
//! errors in English, so in Chinese (the default) quanze says them itself, from the
//! error's kind and the pieces clap found (the argument, the value, what was possible, what
//! was probably meant), then the usage line. Help and the version are clap's, in the
//! language asked for (`help.rs`).

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The language asked for on the command line (`--lang en`, `--lang=en`), read from the
/// raw arguments: the line did not parse, so clap's reading of `--lang` is not there.
pub fn asked_english(arguments: &[OsString]) -> bool {
    let mut words = arguments.iter().map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            return false;
        }
        if word == "--lang=en" || (word == "--lang" && words.next().is_some_and(|next| next == "en")) {
            return true;
        }
    }
    false
}

/// The error in Chinese, as printed on stderr; `None` for what is not an error of the
/// command line (help, the version), which clap prints itself.
pub fn in_chinese(error: &clap::Error) -> Option<String> {
    let context = |kind: ContextKind| error.get(kind).map(shown).unwrap_or_default();
    let argument = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let mut lines = vec![match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return None;
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("错误：`{argument}` 需要一个值"),
        ErrorKind::InvalidValue => format!("错误：`{argument}` 的值 `{value}` 无效"),
        ErrorKind::ValueValidation => format!("错误：`{argument}` 的值 `{value}` 无效：{}", custom(error)),
        ErrorKind::UnknownArgument => format!("错误：没有参数 `{argument}`"),
        ErrorKind::InvalidSubcommand => format!("错误：没有命令 `{}`", context(ContextKind::InvalidSubcommand)),
        ErrorKind::MissingRequiredArgument => format!("错误：缺少必需的参数：{argument}"),
        ErrorKind::MissingSubcommand => "错误：缺少命令（如 `quanze check 方案.qz`）".to_string(),
        ErrorKind::ArgumentConflict => {
            format!(
                "错误：`{argument}` 不能与 `{}` 同时使用",
                context(ContextKind::PriorArg)
            )
        }
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("错误：`{argument}` 后面的值的个数不对")
        }
        ErrorKind::InvalidUtf8 => "错误：命令行中有不是 UTF-8 的文字".to_string(),
        // A kind clap may add later: its own words, rather than none.
        _ => format!(
            "错误：{}",
            error.render().to_string().trim_start_matches("error: ").trim_end()
        ),
    }];
    let valid = context(ContextKind::ValidValue);
    if !valid.is_empty() {
        lines.push(format!("  可用的值：{valid}"));
    }
    let valid_commands = context(ContextKind::ValidSubcommand);
    if !valid_commands.is_empty() && error.kind() == ErrorKind::InvalidSubcommand {
        lines.push(format!("  可用的命令：{valid_commands}"));
    }
    for suggested in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        let suggestion = context(suggested);
        if !suggestion.is_empty() {
            lines.push(format!("  也许是：`{suggestion}`"));
        }
    }
    let usage = context(ContextKind::Usage);
    if let Some(usage) = usage.trim().strip_prefix("Usage:") {
        lines.push(String::new());
        lines.push(format!("用法：{}", usage.trim()));
    }
    lines.push(String::new());
    lines.push("更多说明请加 `--help`；英文消息请加 `--lang en`".to_string());
    Some(lines.join("\n"))
}

/// A command name that is no command, with the one probably meant. clap suggests one
/// for `quanze tabel` but not for `quanze help tabel`, whose name it reads as a value:
/// the same suggestion is then added here, so both lines get it.
pub fn suggest_command(error: &mut clap::Error, command: &clap::Command) {
    if error.kind() != ErrorKind::InvalidSubcommand || error.get(ContextKind::SuggestedSubcommand).is_some() {
        return;
    }
    let Some(ContextValue::String(wanted)) = error.get(ContextKind::InvalidSubcommand) else {
        return;
    };
    // clap's own measure and threshold (Jaro similarity above 0.7), so that both lines
    // suggest alike; ties go to the command listed first.
    let mut best: Option<(f64, &str)> = None;
    for name in command.get_subcommands().map(clap::Command::get_name) {
        let similarity = strsim::jaro(wanted, name);
        if similarity > 0.7 && best.is_none_or(|(highest, _)| similarity > highest) {
            best = Some((similarity, name));
        }
    }
    if let Some((_, meant)) = best {
        let meant = meant.to_string();
        error.insert(ContextKind::SuggestedSubcommand, ContextValue::String(meant));
    }
}

/// A context value as text: a list joined with `、`.
fn shown(value: &ContextValue) -> String {
    match value {
        ContextValue::String(text) => text.clone(),
        ContextValue::Strings(texts) => texts.join("、"),
        ContextValue::StyledStr(text) => text.to_string(),
        ContextValue::StyledStrs(texts) => texts.iter().map(ToString::to_string).collect::<Vec<_>>().join("、"),
        ContextValue::Number(number) => number.to_string(),
        ContextValue::Bool(yes) => yes.to_string(),
        // ContextValue is non-exhaustive: a new kind of value is shown by its Debug form.
        other => format!("{other:?}"),
    }
}

/// Why a value parser refused a value: its own words, after clap's sentence.
fn custom(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    rendered
        .lines()
        .next()
        .and_then(|line| line.rsplit_once(": "))
        .map_or_else(String::new, |(_, why)| why.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::asked_english;

    #[test]
    fn english_is_asked_before_a_double_dash_only() {
        let words = |line: &str| line.split(' ').map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert!(asked_english(&words("quanze --lang en tabel")));
        assert!(asked_english(&words("quanze tabel --lang=en")));
        assert!(!asked_english(&words("quanze tabel --lang zh")));
        assert!(!asked_english(&words("quanze table -- --lang en")));
        assert!(!asked_english(&words("quanze --lang")));
    }
}
