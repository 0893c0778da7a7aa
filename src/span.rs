//! Places in the drafter's files.

/// Index of a source file in the set being compiled (see `crate::source::Sources`).
pub type FileId = usize;

/// A byte range in one source file. Spans never take part in equality of the syntax
/// tree's nodes that carry them (see `crate::ast::Spanned`), so two documents that differ
/// only in layout compare equal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn from_pest(span: pest::Span<'_>) -> Self {
        Span::new(span.start(), span.end())
    }

    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}
