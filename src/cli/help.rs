//! `--help` in the drafter's language. Every text of the command line is written once in
//! both languages, `中文 / English`; the help shows the half asked for (`--lang en`, read
//! from the raw arguments as for usage errors), and in Chinese clap's own words too: the
//! headings, the usage line's placeholders, the help and version flags, the possible and
//! default values.

use clap::builder::StyledStr;
use clap::{Arg, Command};

/// The words clap writes itself, in Chinese.
const USAGE: &str = "用法：";
const ARGUMENTS: &str = "参数";
const OPTIONS: &str = "选项";
const COMMANDS: &str = "命令";
/// clap's own template with the usage heading in Chinese.
const TEMPLATE: &str = "{before-help}{about-with-newline}\n{usage-heading} {usage}\n\n{all-args}{after-help}";

/// `command` (built by clap's derive) with its help in one language.
pub fn in_language(mut command: Command, english: bool) -> Command {
    // Built first, so that the help and version flags and the `help` command clap adds
    // are there to be said in Chinese.
    command.build();
    localized(command, english)
}

fn localized(mut command: Command, english: bool) -> Command {
    if let Some(about) = command.get_about().map(|a| half(a, english)) {
        command = command.about(about);
    }
    if let Some(about) = command.get_long_about().map(|a| half(a, english)) {
        command = command.long_about(about);
    }
    command = command.mut_args(|arg| localized_arg(arg, english));
    if !english {
        if command.get_name() == "help" {
            command = command.about("显示本说明，或某个命令的说明");
        }
        let usage = command.render_usage().to_string();
        let usage = usage.trim_start_matches("Usage:").trim();
        let usage = usage
            .replace("[OPTIONS]", &format!("[{OPTIONS}]"))
            .replace("<COMMAND>", &format!("<{COMMANDS}>"));
        command = command
            .override_usage(usage)
            .help_template(TEMPLATE.replace("{usage-heading} ", USAGE))
            .subcommand_help_heading(COMMANDS);
    }
    command.mut_subcommands(|sub| localized(sub, english))
}

fn localized_arg(mut arg: Arg, english: bool) -> Arg {
    let id = arg.get_id().as_str().to_string();
    if let Some(help) = arg.get_help().map(|h| half(h, english)) {
        arg = arg.help(help);
    }
    if let Some(help) = arg.get_long_help().map(|h| half(h, english)) {
        arg = arg.long_help(help);
    }
    if !english {
        match id.as_str() {
            "help" => arg = arg.help("显示帮助").long_help("显示帮助（`-h` 为简要说明）"),
            "version" => arg = arg.help("显示版本"),
            _ => {}
        }
    }
    arg = with_values(arg, english);
    if english {
        return arg;
    }
    if arg.is_positional() {
        // Under a heading of its own clap sorts by name: `<NEW>` came before `<OLD>`, and a
        // drafter could run the comparison backwards. They stand in the usage line's order.
        let place = arg.get_index().unwrap_or_default();
        return arg.help_heading(ARGUMENTS).display_order(place);
    }
    arg.help_heading(OPTIONS)
}

/// `arg` with its possible values (each with its meaning, in the language asked for) and
/// its default said after its help, in place of clap's list, which would show each
/// meaning in both languages.
fn with_values(arg: Arg, english: bool) -> Arg {
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|value| match value.get_help() {
            Some(meaning) if english => format!("{} ({})", value.get_name(), half(meaning, english)),
            Some(meaning) => format!("{}（{}）", value.get_name(), half(meaning, english)),
            None => value.get_name().to_string(),
        })
        .collect();
    // A flag's default (`false`) says nothing.
    let default: Vec<String> = match arg.get_action().takes_values() {
        true => arg
            .get_default_values()
            .iter()
            .map(|value| value.to_string_lossy().into_owned())
            .collect(),
        false => Vec::new(),
    };
    let mut notes = Vec::new();
    if !possible.is_empty() && !arg.is_hide_possible_values_set() {
        notes.push(match english {
            true => format!("possible values: {}", possible.join(", ")),
            false => format!("可选：{}", possible.join("、")),
        });
    }
    if !default.is_empty() && !arg.is_hide_default_value_set() {
        notes.push(match english {
            true => format!("default: {}", default.join(", ")),
            false => format!("默认：{}", default.join("、")),
        });
    }
    if notes.is_empty() {
        return arg.hide_default_value(true);
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let said = match english {
        true => format!("{help} [{}]", notes.join("; ")),
        false => format!("{help}［{}］", notes.join("；")),
    };
    let long = arg.get_long_help().is_some().then(|| said.clone());
    let arg = arg.help(said).hide_possible_values(true).hide_default_value(true);
    match long {
        Some(long) => arg.long_help(long),
        None => arg,
    }
}

/// The half of a `中文 / English` text asked for; a text without both halves whole. The
/// slash follows a space, or a Chinese character or bracket with none (`（…）/ English`).
fn half(text: &StyledStr, english: bool) -> String {
    let text = text.to_string();
    let slash = text.match_indices("/ ").map(|(at, _)| at).find(|at| {
        text[..*at]
            .chars()
            .next_back()
            .is_some_and(|c| c == ' ' || !c.is_ascii())
    });
    match slash {
        Some(at) if english => text[at + 2..].trim().to_string(),
        Some(at) => text[..at].trim().to_string(),
        None => text,
    }
}
