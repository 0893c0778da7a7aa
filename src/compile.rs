//! The pipeline: text → syntax → resolve → check. The CLI and the tests call this, never
//! the phases one by one, so every caller sees the same diagnostics in the same order.

use crate::check::{self, MatterTable};
use crate::diagnostic::Diagnostic;
use crate::ir::Plan;
use crate::span::FileId;
use crate::{resolve, syntax};

pub struct Compiled {
    /// The resolved plan, when the text parsed and every name resolved.
    pub plan: Option<Plan>,
    /// The decision rows of each matter, when the plan was checked.
    pub tables: Vec<MatterTable>,
    /// In the order of their place in the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    /// A file that could not go through the pipeline at all (not text, not parsable).
    pub fn stopped(diagnostic: Diagnostic) -> Self {
        Compiled {
            plan: None,
            tables: Vec::new(),
            diagnostics: vec![diagnostic],
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The checked plan and its table, only when nothing is wrong with it: a table of a
    /// plan with a gap or a conflict would publish a wrong answer.
    pub fn clean_plan(&self) -> Option<(&Plan, &[MatterTable])> {
        if self.has_errors() {
            return None;
        }
        self.plan.as_ref().map(|plan| (plan, self.tables.as_slice()))
    }
}

pub fn compile(file: FileId, text: &str) -> Compiled {
    let document = match syntax::parse(file, text) {
        Ok(document) => document,
        Err(diagnostic) => {
            return Compiled::stopped(*diagnostic);
        }
    };
    let resolved = resolve::resolve(file, &document);
    let mut diagnostics = resolved.diagnostics;
    let mut tables = Vec::new();
    if let Some(plan) = &resolved.plan {
        let checked = check::check(plan);
        diagnostics.extend(checked.diagnostics);
        tables = checked.tables;
    }
    // Stable: diagnostics at one place keep the order the phases found them in.
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.file, l.span.start)));
    Compiled {
        plan: resolved.plan,
        tables,
        diagnostics,
    }
}
