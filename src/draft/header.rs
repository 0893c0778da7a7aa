//! The header of a drafted plan, from the official text's notice and preamble: its title,
//! 文号, date of issue, the documents it rests on (`根据《…》（文号）`) and the day it takes
//! effect (`自印发之日起实施`, `自2025年1月1日起施行`).

use crate::coverage::{Place, as_read, paragraphs};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub title: Option<String>,
    pub number: Option<String>,
    /// `YYYY-MM-DD`.
    pub issued: Option<String>,
    pub effective: Option<String>,
    pub basis: Vec<String>,
}

pub fn header(source: &str) -> Header {
    let read = paragraphs(source);
    let preamble: String = read
        .iter()
        .filter(|p| p.place == Place::Preamble)
        .map(|p| p.text.as_str())
        .collect();
    let body: String = read
        .iter()
        .filter(|p| p.place == Place::Body)
        .map(|p| p.text.as_str())
        .collect();
    let numbers = numbers(&preamble);
    let issued = first_date(&preamble);
    let effective = if body.contains("自印发之日起") || preamble.contains("自印发之日起") {
        issued.clone()
    } else {
        body.find('自')
            .and_then(|at| body.get(at..))
            .and_then(|from| first_date(from.get(..from.find("起").unwrap_or(0))?))
    };
    Header {
        title: title(&preamble),
        number: numbers.first().cloned(),
        issued,
        effective,
        basis: numbers.iter().skip(1).cloned().collect(),
    }
}

/// Every 文号 (`国办发〔2023〕48号`) of `text`, in order, each once.
fn numbers(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (open, _) in text.match_indices('〔') {
        let before = text.get(..open).unwrap_or_default();
        let agency: String = before
            .chars()
            .rev()
            .take_while(|c| is_cjk(*c))
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        // A number follows a title's last word without a mark (`…的通知内政办发〔2024〕`).
        let agency = ["通知", "方案", "意见", "办法", "决定"]
            .iter()
            .filter_map(|word| agency.rfind(word).map(|at| at + word.len()))
            .max()
            .and_then(|from| agency.get(from..))
            .unwrap_or(&agency)
            .to_string();
        let after = text.get(open + '〔'.len_utf8()..).unwrap_or_default();
        let year: String = after.chars().take_while(char::is_ascii_digit).collect();
        let rest = after.get(year.len()..).unwrap_or_default();
        let Some(rest) = rest.strip_prefix('〕') else {
            continue;
        };
        let serial: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let closed = rest.get(serial.len()..).is_some_and(|tail| tail.starts_with('号'));
        if agency.is_empty() || year.len() != 4 || serial.is_empty() || !closed {
            continue;
        }
        let number = format!("{agency}〔{year}〕{serial}号");
        if !found.contains(&number) {
            found.push(number);
        }
    }
    found
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// The first date written `2024年11月21日`, as `2024-11-21`.
fn first_date(text: &str) -> Option<String> {
    for (at, _) in text.match_indices('年') {
        let before = text.get(..at)?;
        let year: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let rest = text.get(at + '年'.len_utf8()..)?;
        let month: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let rest = rest.get(month.len()..)?.strip_prefix('月');
        let Some(rest) = rest else { continue };
        let day: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let closed = rest.get(day.len()..).is_some_and(|tail| tail.starts_with('日'));
        let (Ok(month), Ok(day)) = (month.parse::<u32>(), day.parse::<u32>()) else {
            continue;
        };
        if year.len() == 4 && closed && (1..=12).contains(&month) && (1..=31).contains(&day) {
            return Some(format!("{year}-{month:02}-{day:02}"));
        }
    }
    None
}

/// The plan's own title: what stands just before the preamble's `根据` (or `为`), after
/// the notice's last closing mark — the line the official text sets as its heading.
fn title(preamble: &str) -> Option<String> {
    let start = ["根据", "为"].iter().filter_map(|word| preamble.find(word)).min()?;
    let before = preamble.get(..start)?;
    let from = before.rfind(['）', ')', '日', '。', '：', '号']).map_or(0, |at| {
        at + before
            .get(at..)
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8)
    });
    let title = as_read(before.get(from..)?);
    (title.chars().count() >= 4).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_real_notice_gives_the_header() {
        let source = include_str!("../../policies/sources/nmg-ip-2024-48.txt");
        let header = header(source);
        assert_eq!(
            header.title.as_deref(),
            Some("内蒙古自治区知识产权领域自治区与盟市财政事权和支出责任划分改革实施方案")
        );
        assert_eq!(header.number.as_deref(), Some("内政办发〔2024〕48号"));
        assert_eq!(header.issued.as_deref(), Some("2024-11-21"));
        assert_eq!(header.effective.as_deref(), Some("2024-11-21"));
        assert_eq!(header.basis, ["国办发〔2023〕48号", "内政发〔2018〕13号"]);
    }
}
