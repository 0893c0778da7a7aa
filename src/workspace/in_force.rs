//! `--on DAY`: the documents in force on a day. A plan or an amendment is in force from
//! its `施行`; one that gives none is refused, not assumed in force from its `印发` (a plan
//! may take effect on another day than it was issued). Asked about a plan or an
//! amendment, the workspace finds the plan, refuses a day before it took effect, and looks
//! beside it (its folder, confined to the project folder) for the amendments of its 文号:
//! the one in force that day is applied; none leaves the plan as it is. Two in force at
//! once are refused: quanze applies one amendment to a plan, and which of two texts wins
//! is the drafter's to say, not a guess.
//!
//! Up the chain (`细化`), each plan above is read as its file stands, which is the text the
//! plan below divides: a plan above not yet in force that day, or amended by an amendment
//! in force that day, is refused (the plan below divides the text it names, and quanze
//! does not check it against another); one that gives no `施行` is said to be read as it
//! stands.

use std::path::{Path, PathBuf};

use crate::amend::BaseReference;
use crate::ast::{Document, Header, HeaderField, Item};
use crate::calendar::Day;
use crate::span::Span;
use crate::syntax::{self, PartKind};
use crate::text::Text;
use crate::tr;

use super::Workspace;
use super::find::Wanted;

/// The documents that answer on a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InForce {
    /// The file to read: the plan, or the amendment of it in force.
    pub file: PathBuf,
    /// The plan, then the amendment applied to it, if any.
    pub documents: Vec<DocumentInForce>,
    /// The plans above it (`细化`), the nearest first, each read as its file stands.
    pub above: Vec<DocumentInForce>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentInForce {
    pub title: String,
    pub number: Option<String>,
    /// The day it took effect, as its header writes it; `None` for a plan above that
    /// gives none (read as it stands).
    pub since: Option<String>,
}

impl DocumentInForce {
    /// `《标题》（文号，自 2025-01-01 起施行）`, in each language.
    pub fn text(&self) -> Text {
        // A title quoting another keeps its own marks one level in: 《关于修改〈…〉的通知》.
        let title = self.title.replace('《', "〈").replace('》', "〉");
        let since = match &self.since {
            Some(since) => tr!("自 {since} 起施行", "in force since {since}"),
            None => tr!(
                "未写明施行日期，按现行文本",
                "no effective date given: read as it stands"
            ),
        };
        match &self.number {
            Some(number) => tr!(
                "《{title}》（{number}，{since}）",
                "“{title}” ({number}, {since})";
                title = &Text::same(title.clone()), number = &Text::same(number.clone()), since
            ),
            None => tr!("《{title}》（{since}）", "“{title}” ({since})"; title = &Text::same(title.clone()), since),
        }
    }
}

/// What the first items of a file say of it.
struct Heading {
    title: String,
    number: Option<String>,
    issued: Option<String>,
    effective: Option<String>,
    /// The plan it amends, when it is an amendment.
    amends: Option<BaseReference>,
    /// The plan it refines (`细化`), when it is a plan in a chain.
    refines: Option<BaseReference>,
}

/// How many plans above a plan `--on` follows: more than any real chain, fewer than a
/// circle could make it walk.
const CHAIN_LIMIT: usize = 16;

/// How many of a plan's first items are read for its header: it opens the file, but a
/// comment-only slip may put the levels first.
const ITEMS_BEFORE_HEADER: usize = 4;

impl Workspace {
    /// The documents in force on `on` for the plan or amendment at `path`; `Err` says why
    /// the question cannot be answered for that day.
    pub fn in_force(&self, path: &Path, on: Day) -> Result<InForce, Text> {
        let heading = self.heading(path)?;
        let plan_path = match &heading.amends {
            Some(reference) => self
                .find_referenced(path, 0, reference, Wanted::AmendedPlan)
                .map(|(found, _)| found)
                .map_err(|diagnostic| {
                    let why = &diagnostic.message;
                    tr!(
                        "找不到修正案所修正的方案：{why}（`quanze check` 可详细说明）",
                        "the plan the amendment amends is not found: {why} (`quanze check` says more)";
                        why
                    )
                })?,
            None => path.to_path_buf(),
        };
        let plan = match heading.amends {
            Some(_) => self.heading(&plan_path)?,
            None => heading,
        };
        if plan.amends.is_some() {
            return Err(tr!(
                "修正案所修正的是另一修正案，不是方案",
                "the amendment amends another amendment, not a plan"
            ));
        }
        let plan_in_force = in_force_since(&plan, on)?;
        let amendments = self.amendments_of(&plan_path, &plan, path, on)?;
        let above = self.plans_above(&plan_path, &plan, on)?;
        let documents = |amendment: Option<&Heading>| {
            std::iter::once(plan_in_force.clone())
                .chain(amendment.map(|heading| DocumentInForce {
                    title: heading.title.clone(),
                    number: heading.number.clone(),
                    since: heading.effective.clone(),
                }))
                .collect()
        };
        match amendments.as_slice() {
            [] => Ok(InForce {
                file: plan_path,
                documents: documents(None),
                above,
            }),
            [(file, amendment, _)] => Ok(InForce {
                file: file.clone(),
                documents: documents(Some(amendment)),
                above,
            }),
            several => {
                let names: Vec<String> = several
                    .iter()
                    .map(|(_, heading, _)| heading.number.clone().unwrap_or_else(|| heading.title.clone()))
                    .collect();
                let names = crate::names::joined(names.iter().map(String::as_str));
                let day = on.to_string();
                Err(tr!(
                    "{day} 时有几个修正案同时施行：{names}；quanze 每次只对方案应用一个修正案，请把它们合并为一个再问",
                    "several amendments are in force on {day}: {names}; quanze applies one amendment to a plan at a time: merge them into one and ask again";
                    names, day = &Text::same(day)
                ))
            }
        }
    }

    /// The plans above the plan at `path` (`细化`), the nearest first, each in force on
    /// `on` and not amended by an amendment in force that day.
    fn plans_above(&self, path: &Path, plan: &Heading, on: Day) -> Result<Vec<DocumentInForce>, Text> {
        let mut above = Vec::new();
        let (mut below_path, mut reference) = (path.to_path_buf(), plan.refines.clone());
        let mut seen = vec![self.canonical_or_resolved(path)];
        while let Some(refines) = reference {
            let parent_path = self
                .find_referenced(&below_path, 0, &refines, Wanted::Parent)
                .map(|(found, _)| found)
                .map_err(|diagnostic| {
                    let why = &diagnostic.message;
                    tr!(
                        "找不到上级方案：{why}（`quanze check` 可详细说明）",
                        "the plan above is not found: {why} (`quanze check` says more)";
                        why
                    )
                })?;
            let real = self.canonical_or_resolved(&parent_path);
            if seen.contains(&real) || seen.len() > CHAIN_LIMIT {
                return Err(tr!(
                    "上级方案的链条成环或过长（`quanze check` 可详细说明）",
                    "the chain of plans above closes a circle or is too long (`quanze check` says more)"
                ));
            }
            seen.push(real);
            let parent = self.heading(&parent_path)?;
            let title = Text::same(parent.title.clone());
            let named = tr!("上级方案《{title}》", "the plan above, “{title}”,"; title);
            if let Some(since) = &parent.effective {
                in_force_on(&named, since, on)?;
            }
            let amended = self.amendments_of(&parent_path, &parent, &parent_path, on)?;
            if let Some((_, amendment, _)) = amended.first() {
                let by = Text::same(amendment.number.clone().unwrap_or_else(|| amendment.title.clone()));
                let asked = Text::same(on.to_string());
                return Err(tr!(
                    "上级方案《{title}》在 {asked} 时已由 {by} 修正；本方案细化的是它修正前的文本，quanze 不能按修正后的上级方案作答",
                    "the plan above, “{title}”, is amended by {by} on {asked}; this plan divides its text before the amendment, and quanze cannot answer with the amended plan above";
                    title, by, asked
                ));
            }
            above.push(DocumentInForce {
                title: parent.title.clone(),
                number: parent.number.clone(),
                since: parent.effective.clone(),
            });
            below_path = parent_path;
            reference = parent.refines;
        }
        Ok(above)
    }

    /// The amendments in force on `on` beside the plan at `plan_path` (in its folder,
    /// inside the project folder) that amend its 文号, and `asked` if it is one: each with
    /// the day it takes effect, in name order. One that gives no `施行` is refused unless
    /// its `印发` is after `on` (it cannot be in force before it is issued).
    fn amendments_of(
        &self,
        plan_path: &Path,
        plan: &Heading,
        asked: &Path,
        on: Day,
    ) -> Result<Vec<(PathBuf, Heading, Day)>, Text> {
        let Some(number) = &plan.number else {
            // An amendment names its plan by 文号: a plan without one has none.
            return Ok(Vec::new());
        };
        let folder = match plan_path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let root = self.resolving.root.clone().unwrap_or_else(|| folder.clone());
        let (Some(real_folder), Some(real_root)) = (self.canonical(&folder), self.canonical(&root)) else {
            return Err(tr!("无法读取方案所在目录", "the plan's folder cannot be read"));
        };
        let mut files = self.plan_files(&real_folder).unwrap_or_default();
        files.push(asked.to_path_buf());
        let mut seen: Vec<PathBuf> = Vec::new();
        let mut found = Vec::new();
        files.sort();
        for file in files {
            let Some(real) = self.canonical(&file) else {
                continue;
            };
            // The file asked about is read wherever it is; the others only inside the project.
            if seen.contains(&real) || (!real.starts_with(&real_root) && real != self.canonical_or_resolved(asked)) {
                continue;
            }
            seen.push(real.clone());
            let Ok(heading) = self.heading(&real) else {
                continue;
            };
            let amends_this = heading
                .amends
                .as_ref()
                .is_some_and(|reference| &reference.number.value == number);
            if !amends_this {
                continue;
            }
            let title = heading.number.clone().unwrap_or_else(|| heading.title.clone());
            let issued = heading.issued.as_deref().and_then(|text| Day::parse(text).ok());
            let Some(since) = heading.effective.as_deref().and_then(|text| Day::parse(text).ok()) else {
                if issued.is_some_and(|issued| issued > on) {
                    continue;
                }
                let file = Text::same(self.shown(&real, &real_root));
                return Err(tr!(
                    "修正案 `{title}`（{file}）没有写明施行日期，无法判断它何时施行；请在它的文件头写 `施行 YYYY-MM-DD`",
                    "amendment `{title}` ({file}) gives no effective date, so when it is in force cannot be told; write `effective YYYY-MM-DD` in its header";
                    title = &Text::same(title), file
                ));
            };
            if since <= on {
                found.push((real, heading, since));
            }
        }
        Ok(found)
    }

    /// The heading of the plan or amendment at `path`.
    fn heading(&self, path: &Path) -> Result<Heading, Text> {
        let shown = path.display().to_string();
        let unreadable = || {
            tr!(
                "无法读取 `{shown}` 的文件头（`quanze check` 可详细说明）",
                "the header of `{shown}` cannot be read (`quanze check` says more)";
                shown = &Text::same(shown.clone())
            )
        };
        let bytes = self.look_into(path).map_err(|_| unreadable())?;
        let text = String::from_utf8(bytes).map_err(|_| unreadable())?;
        heading_of(&text).ok_or_else(unreadable)
    }
}

/// The day `plan` took effect, when it is no later than `on`.
fn in_force_since(plan: &Heading, on: Day) -> Result<DocumentInForce, Text> {
    let title = Text::same(plan.title.clone());
    let Some(since) = plan.effective.as_ref() else {
        return Err(tr!(
            "方案《{title}》没有写明施行日期，无法判断它何时施行；请在文件头写 `施行 YYYY-MM-DD`（“自印发之日起实施”的，写印发日期）",
            "plan “{title}” gives no effective date, so when it is in force cannot be told; write `effective YYYY-MM-DD` in its header (the issue date, for a plan in force from its issue)";
            title
        ));
    };
    in_force_on(&tr!("方案《{title}》", "plan “{title}”"; title), since, on)?;
    Ok(DocumentInForce {
        title: plan.title.clone(),
        number: plan.number.clone(),
        since: Some(since.clone()),
    })
}

/// `Err` unless the plan `named` (`方案《…》`), in force from `since` as its header writes
/// it, is in force on `on`.
fn in_force_on(named: &Text, since: &str, on: Day) -> Result<(), Text> {
    let day = Day::parse(since).map_err(|_| {
        tr!(
            "{named}的施行日期不是有效日期（`quanze check` 可详细说明）",
            "{named} has no valid effective date (`quanze check` says more)";
            named
        )
    })?;
    if on < day {
        let (asked, since) = (Text::same(on.to_string()), Text::same(since));
        return Err(tr!(
            "{named}自 {since} 起施行，{asked} 时尚未施行",
            "{named} is in force from {since}: not yet on {asked}";
            named, since, asked
        ));
    }
    Ok(())
}

/// The heading of a plan or amendment in `text`, read from its first items only (an
/// amendment is one item: read whole, as it is small beside its plan).
fn heading_of(text: &str) -> Option<Heading> {
    for part in syntax::split_first(text, ITEMS_BEFORE_HEADER) {
        let document = syntax::parse_part(0, text, Span::new(0, part.span.end)).ok();
        let header = document.as_ref().and_then(header_of);
        if let Some((header, amendment)) = header {
            return Some(heading_from(header, amendment));
        }
        if part.kind != PartKind::Declaration {
            return None;
        }
    }
    None
}

/// The header of `document` and whether it is an amendment's.
fn header_of(document: &Document) -> Option<(&Header, bool)> {
    document.items.iter().find_map(|item| match item {
        Item::Header(header) => Some((header, false)),
        Item::AmendmentHeader(header) => Some((header, true)),
        _ => None,
    })
}

fn heading_from(header: &Header, amendment: bool) -> Heading {
    let mut heading = Heading {
        title: header.title.value.clone(),
        number: None,
        issued: None,
        effective: None,
        amends: None,
        refines: None,
    };
    for field in &header.fields {
        match field {
            HeaderField::Number(number) => heading.number = Some(number.value.clone()),
            HeaderField::Issued(date) => heading.issued = Some(date.value.clone()),
            HeaderField::Effective(date) => heading.effective = Some(date.value.clone()),
            HeaderField::Refines { number, path } if !amendment => {
                heading.refines = Some(BaseReference {
                    number: number.clone(),
                    path: path.clone(),
                });
            }
            HeaderField::Amends { number, path } if amendment => {
                heading.amends = Some(BaseReference {
                    number: number.clone(),
                    path: path.clone(),
                });
            }
            _ => {}
        }
    }
    heading
}
