//! What each fuzz target does with one input. Shared by the targets in fuzz_targets/ and
//! by tests/fuzz_regressions.rs, which runs every seed and every input that ever crashed
//! on the stable toolchain, in every `cargo test`.

use quanze::lookup::{Link, Question, answer};
use quanze::render::{SourceSet, render_plain, to_json};
use quanze::text::Lang;
use quanze::{diff, emit};

/// The real plan, which the `amend` target amends.
pub const BASE: &str = include_str!("../policies/nmg-ip-2024-48.qz");

/// The parser on any bytes: never a panic, a hang or a stack overflow.
pub fn parse(data: &[u8]) {
    let (source, decode_error) = quanze::source::decode(0, "fuzz.qz", data.to_vec());
    if decode_error.is_none() {
        let _ = quanze::syntax::parse(0, &source.text);
    }
}

/// The formatter on any text: never a panic; what it formats, formatting again leaves as
/// it is, and the keywords put in English and back in Chinese give the Chinese layout.
/// (That the formatted text means what the input means, comments included, the formatter
/// checks itself before it gives anything.)
pub fn fmt(data: &[u8]) {
    use quanze::format::{Keywords, format};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let formatted = match format(0, text, Keywords::Keep) {
        Ok(formatted) => formatted,
        // Refusing a text that does not parse is right; any other refusal means the layout
        // would have changed what the text says.
        Err(quanze::format::NotFormatted::SyntaxErrors(_)) => return,
        Err(changed) => panic!("the formatter would change the meaning: {changed:?}"),
    };
    let again = format(0, &formatted, Keywords::Keep).expect("a formatted text formats");
    assert_eq!(again, formatted, "formatting twice must give what formatting once gave");
    let chinese = format(0, text, Keywords::Zh).expect("it formats in Chinese");
    let english = format(0, &chinese, Keywords::En).expect("it formats in English");
    let back = format(0, &english, Keywords::Zh).expect("and back in Chinese");
    assert_eq!(back, chinese, "English keywords and back must give the Chinese layout");
}

/// `quanze draft` on any text: never a panic; the plan it drafts is formatted (the
/// formatter refuses nothing of it) and parses.
pub fn draft(data: &[u8]) {
    use quanze::draft::{Request, ScopeWords};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let words = ScopeWords::new(None).expect("the shipped scope words read");
    let plan = quanze::draft::draft(&Request {
        source: text,
        levels: None,
        scope_words: &words,
        source_name: "fuzz.txt",
        refines: None,
    })
    .expect("a drafted plan is formatted");
    assert!(
        quanze::syntax::parse(0, &plan).is_ok(),
        "a drafted plan parses:\n{plan}"
    );
}

/// Parse, resolve and check any text, and render its diagnostics: never a panic.
pub fn check(data: &[u8]) {
    let (source, decode_error) = quanze::source::decode(0, "fuzz.qz", data.to_vec());
    if decode_error.is_some() {
        return;
    }
    let mut sources = SourceSet::default();
    let file = sources.add(source);
    let compiled = quanze::compile::compile(file, sources.text(file));
    let _ = render_plain(&sources, &compiled.diagnostics, Lang::Zh);
    for diagnostic in &compiled.diagnostics {
        let _ = to_json(&sources, diagnostic, Lang::En);
    }
}

/// Every output of a plan that checks clean: the table in every format, a lookup of every
/// matter, and the change report against itself, which must be empty.
pub fn emit(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let compiled = quanze::compile::compile(0, text);
    let Some((plan, tables)) = compiled.clean_plan() else {
        return;
    };
    for lang in [Lang::Zh, Lang::En] {
        let table = emit::table(plan, tables, lang);
        let _ = emit::to_markdown(&table, lang);
        let _ = emit::to_csv(&table, lang);
        let _ = emit::to_json(&table);
        // A plan compared with itself has no more values than it has (E0018 holds it).
        let report = diff::compare(&table, &table, &[], lang).expect("a plan is comparable with itself");
        assert!(report.is_empty(), "a plan compared with itself must show no change");
        let _ = diff::to_markdown(&report, lang);
    }
    for matter in &plan.matters {
        let question = Question {
            matter: matter.name.clone(),
            when: Vec::new(),
        };
        let _ = answer(&[Link { plan, tables }], &question, false, &[]);
    }
}

/// Any text as an amendment of the real plan: never a panic, and every label points
/// inside one of the two files.
pub fn amend(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let result = quanze::compile::compile_amendment_texts(BASE, text);
    for diagnostic in &result.compiled.diagnostics {
        for label in diagnostic.primary.iter().chain(&diagnostic.secondary) {
            let length = match label.file {
                0 => BASE.len(),
                1 => text.len(),
                other => panic!("a label points into file {other}"),
            };
            assert!(label.span.start <= label.span.end && label.span.end <= length);
        }
    }
}
