//! `quanze scaffold`: the skeleton of a child plan for the drafter of one level — every
//! matter the parent gives that level, with its wording, the dimensions along which the
//! level's part still varies, the parent's citation, and an empty decision. The skeleton
//! parses and resolves; `check` reports one gap per matter until each is filled. Text
//! only: the CLI writes it.

use crate::chain::{self, Parent};
use crate::describe;
use crate::ir::{CaseBox, Dimension, LevelId, Matter, ValueSet};
use crate::text::Lang;

pub struct Request<'a> {
    pub parent: Parent<'a>,
    /// The parent's level the child divides.
    pub level: LevelId,
    /// The child's levels, highest first.
    pub levels: &'a [String],
    /// The parent's file as the child's header should name it (relative to the child).
    pub parent_path: &'a str,
    pub lang: Lang,
}

/// A parent matter with a part for the level: (matter, the part's boxes, the rules
/// deciding it, the positions of the dimensions the skeleton keeps).
type Given<'p> = (&'p Matter, Vec<CaseBox>, Vec<usize>, Vec<usize>);

/// A dimension the skeleton declares, and the values it keeps.
struct Declared<'p> {
    dimension: &'p Dimension,
    values: ValueSet,
}

pub fn scaffold(request: &Request<'_>) -> String {
    let Request {
        parent,
        level,
        levels,
        parent_path,
        lang,
    } = *request;
    let plan = parent.plan;
    let words = Words::of(lang);
    let level_name = plan.level_name(level);
    let number = parent.name();
    let mut matters: Vec<Given<'_>> = Vec::new();
    let mut declared: Vec<Declared<'_>> = Vec::new();
    for matter in &plan.matters {
        let (boxes, rules) = chain::given_to(parent, matter, level);
        if boxes.is_empty() {
            continue;
        }
        let mut split_by = Vec::new();
        for (position, id) in matter.dimensions.iter().enumerate() {
            let Some(dimension) = plan.dimension(*id) else {
                continue;
            };
            let union = boxes
                .iter()
                .filter_map(|b| b.get(position))
                .fold(ValueSet::empty(), |union, set| union.or(set));
            // A level-valued dimension maps the divided level onto all the child's levels;
            // another one matters only where the level's part has two values or more.
            let varies = if dimension.level_valued {
                union.contains(level) && levels.len() > 1
            } else {
                union.len() > 1
            };
            if !varies {
                continue;
            }
            split_by.push(position);
            match declared.iter_mut().find(|d| d.dimension.name == dimension.name) {
                Some(existing) => existing.values.add(&union),
                None => declared.push(Declared {
                    dimension,
                    values: union,
                }),
            }
        }
        matters.push((matter, boxes, rules, split_by));
    }

    let mut out = String::new();
    out.push_str(&words.preamble(&number, level_name));
    out.push_str(&format!(
        "{} {} {{\n  {} {}\n  {} {}\n  {} {} {}\n  {} {level_name} => {}\n}}\n\n",
        words.policy,
        quoted(&words.title(&plan.header.title, level_name)),
        words.number,
        quoted(words.unnumbered),
        words.basis,
        quoted(&number),
        words.refines,
        quoted(&number),
        quoted(parent_path),
        words.subdivides,
        levels.join(" > "),
    ));
    out.push_str(&format!("{} {}\n", words.levels, levels.join(" > ")));
    for declaration in &declared {
        out.push_str(&declaration_text(declaration, &words));
    }
    let mut open_section: Option<usize> = None;
    for (matter, boxes, rules, split_by) in &matters {
        if matter.section != open_section {
            if open_section.is_some() {
                out.push_str("}\n");
            }
            if let Some(section) = matter.section.and_then(|s| plan.sections.get(s)) {
                let title = section
                    .title
                    .as_ref()
                    .map_or(String::new(), |t| format!(" {}", quoted(t)));
                out.push_str(&format!("\n{} {}{title} {{\n", words.section, quoted(&section.id)));
            } else {
                out.push('\n');
            }
            open_section = matter.section;
        }
        let indent = if matter.section.is_some() { "  " } else { "" };
        for rule in rules.iter().filter_map(|r| matter.rules.get(*r)) {
            let quote = rule
                .citation
                .quote
                .as_ref()
                .map_or(String::new(), |q| format!(" “{q}”"));
            out.push_str(&format!(
                "{indent}# {}{}{number} § \"{}\"{quote}\n",
                words.parent_says, words.colon, rule.citation.paragraph
            ));
        }
        let cases: Vec<String> = boxes
            .iter()
            .map(|b| describe::case_box(plan, matter, b).get(lang).to_string())
            .collect();
        out.push_str(&format!(
            "{indent}# {}{}{}\n",
            words.given_cases(level_name),
            words.colon,
            cases.join(words.or)
        ));
        let wording = matter
            .wording
            .as_ref()
            .map_or(String::new(), |w| format!(" {}", quoted(w)));
        let by: Vec<String> = split_by
            .iter()
            .filter_map(|p| matter.dimensions.get(*p).and_then(|id| plan.dimension(*id)))
            .map(|d| d.name.clone())
            .collect();
        let by = if by.is_empty() {
            String::new()
        } else {
            format!(" {} {}", words.by, by.join(", "))
        };
        out.push_str(&format!(
            "{indent}{} {}{wording}{by} {{\n{indent}  # {}\n{indent}}}\n",
            words.matter,
            matter.name,
            words.fill_in(levels)
        ));
    }
    if open_section.is_some() {
        out.push_str("}\n");
    }
    out
}

fn declaration_text(declaration: &Declared<'_>, words: &Words) -> String {
    let dimension = declaration.dimension;
    if dimension.level_valued {
        return format!("{} {} : {}\n", words.dimension, dimension.name, words.levels);
    }
    if let Some(numeric) = &dimension.numeric {
        let unit = numeric.unit.as_ref().map_or(String::new(), |u| format!(" {u}"));
        return format!(
            "{} {} : {}{unit} {}\n",
            words.dimension,
            dimension.name,
            words.numeric,
            numeric.range.range_text()
        );
    }
    let values: Vec<&str> = declaration
        .values
        .iter()
        .filter_map(|i| dimension.values.get(i))
        .map(String::as_str)
        .collect();
    format!("{} {} {{ {} }}\n", words.dimension, dimension.name, values.join(", "))
}

/// A text in the quotes that cannot clash with it.
fn quoted(text: &str) -> String {
    if text.contains('"') {
        format!("“{text}”")
    } else {
        format!("\"{text}\"")
    }
}

/// The keywords and comments of the skeleton, in the language asked for.
struct Words {
    lang: Lang,
    policy: &'static str,
    number: &'static str,
    basis: &'static str,
    refines: &'static str,
    subdivides: &'static str,
    levels: &'static str,
    dimension: &'static str,
    numeric: &'static str,
    section: &'static str,
    matter: &'static str,
    by: &'static str,
    unnumbered: &'static str,
    parent_says: &'static str,
    or: &'static str,
    colon: &'static str,
}

impl Words {
    fn of(lang: Lang) -> Self {
        match lang {
            Lang::Zh => Words {
                lang,
                policy: "文件",
                number: "文号",
                basis: "依据",
                refines: "细化",
                subdivides: "细分",
                levels: "层级",
                dimension: "维度",
                numeric: "数值",
                section: "章节",
                matter: "事项",
                by: "按",
                unnumbered: "（待编号）",
                parent_says: "上级",
                or: "；或 ",
                colon: "：",
            },
            Lang::En => Words {
                lang,
                policy: "policy",
                number: "number",
                basis: "basis",
                refines: "refines",
                subdivides: "subdivides",
                levels: "levels",
                dimension: "dimension",
                numeric: "numeric",
                section: "section",
                matter: "matter",
                by: "by",
                unnumbered: "(to be numbered)",
                parent_says: "parent",
                or: "; or ",
                colon: ": ",
            },
        }
    }

    fn preamble(&self, number: &str, level: &str) -> String {
        match self.lang {
            Lang::Zh => format!(
                "# 由 `quanze scaffold` 生成的草稿：{number} 划给 {level} 的每一个事项各一项。\n\
                 # 请改写文件名称和文号，按需要改名层级，并在每个事项中写下本级的划分\n\
                 # （每条条款注明本方案的段落）。未填写的事项在 `quanze check` 中报告为缺口。\n\n"
            ),
            Lang::En => format!(
                "# Draft written by `quanze scaffold`: one matter for each matter {number} gives {level}.\n\
                 # Set the title and number, rename the levels as needed, and write this plan's\n\
                 # division in each matter (citing this plan's paragraphs). `quanze check` reports\n\
                 # every matter not yet filled in as a gap.\n\n"
            ),
        }
    }

    fn title(&self, parent_title: &str, level: &str) -> String {
        match self.lang {
            Lang::Zh => format!("{parent_title}——{level}细化方案（草稿）"),
            Lang::En => format!("{parent_title} — {level} plan (draft)"),
        }
    }

    fn given_cases(&self, level: &str) -> String {
        match self.lang {
            Lang::Zh => format!("上级划给 {level} 的情形"),
            Lang::En => format!("cases the parent gives {level}"),
        }
    }

    fn fill_in(&self, levels: &[String]) -> String {
        let first = levels.first().map_or("", String::as_str);
        match self.lang {
            Lang::Zh => format!("在此写下划分，如：任意 => {first}  § \"段落\""),
            Lang::En => format!("write the division here, e.g. any => {first}  cite \"paragraph\""),
        }
    }
}
