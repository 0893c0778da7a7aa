//! Where each byte of a consolidated plan came from: the base plan, the amendment, or
//! words quanze wrote itself on behalf of an operation. Diagnostics found in the
//! consolidated text are mapped back through it, so a drafter is always shown their own
//! files, never the generated one.

use crate::diagnostic::{Diagnostic, Label};
use crate::span::{FileId, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Copied from the base plan, starting at this offset.
    Base(usize),
    /// Copied from the amendment, starting at this offset.
    Amendment(usize),
    /// Written by quanze for the operation at this span of the amendment.
    Generated(Span),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    start: usize,
    len: usize,
    origin: Origin,
}

/// Consecutive segments covering the consolidated text from offset 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    base: FileId,
    amendment: FileId,
    segments: Vec<Segment>,
    len: usize,
}

impl SourceMap {
    pub fn new(base: FileId, amendment: FileId) -> Self {
        SourceMap {
            base,
            amendment,
            segments: Vec::new(),
            len: 0,
        }
    }

    /// Records that the next `len` bytes of the consolidated text come from `origin`.
    pub fn push(&mut self, len: usize, origin: Origin) {
        if len == 0 {
            return;
        }
        self.segments.push(Segment {
            start: self.len,
            len,
            origin,
        });
        self.len += len;
    }

    /// The place in the drafter's files of a span of the consolidated text. A span that
    /// runs over several segments is cut at the end of the first one.
    pub fn place(&self, span: Span) -> (FileId, Span) {
        let index = self
            .segments
            .partition_point(|segment| segment.start + segment.len <= span.start)
            .min(self.segments.len().saturating_sub(1));
        let Some(segment) = self.segments.get(index) else {
            return (self.amendment, Span::default());
        };
        let offset = span.start.saturating_sub(segment.start).min(segment.len);
        let end = span.end.clamp(span.start, segment.start + segment.len);
        let length = end.saturating_sub(span.start);
        match segment.origin {
            Origin::Base(start) => (self.base, Span::new(start + offset, start + offset + length)),
            Origin::Amendment(start) => (self.amendment, Span::new(start + offset, start + offset + length)),
            Origin::Generated(operation) => (self.amendment, operation),
        }
    }

    /// Moves every label of `diagnostic` that points into the consolidated text (`file`)
    /// to the drafter's own files.
    pub fn relocate(&self, file: FileId, diagnostic: &mut Diagnostic) {
        let move_label = |label: &mut Label| {
            if label.file == file {
                let (to, span) = self.place(label.span);
                label.file = to;
                label.span = span;
            }
        };
        if let Some(primary) = diagnostic.primary.as_mut() {
            move_label(primary);
        }
        diagnostic.secondary.iter_mut().for_each(move_label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_map_back_to_their_files() {
        let mut map = SourceMap::new(0, 1);
        map.push(10, Origin::Base(0));
        map.push(5, Origin::Amendment(100));
        map.push(3, Origin::Generated(Span::new(7, 9)));
        map.push(10, Origin::Base(10));
        assert_eq!(map.place(Span::new(2, 4)), (0, Span::new(2, 4)));
        assert_eq!(map.place(Span::new(11, 13)), (1, Span::new(101, 103)));
        assert_eq!(map.place(Span::new(16, 17)), (1, Span::new(7, 9)));
        assert_eq!(map.place(Span::new(20, 22)), (0, Span::new(12, 14)));
        // Cut at the end of the first segment it starts in.
        assert_eq!(map.place(Span::new(8, 12)), (0, Span::new(8, 10)));
        // At the very end of the text: the last byte's segment.
        assert_eq!(map.place(Span::new(28, 28)), (0, Span::new(20, 20)));
    }
}
