//! What makes a plan a link in a chain of plans: `细化` (the plan it refines), `细分` (the
//! parent's level it divides into its own levels), and `上限` (limits on a level's share
//! of the matters). Whether the parent exists and has that level is `crate::chain`'s
//! business: resolve sees one document.

use super::Resolver;
use crate::ast::{self, Document, HeaderField, Item};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir;
use crate::tr;

impl Resolver {
    /// Fills `refines` and `subdivides` from the first header, and reports E0028 when one
    /// is given without the other, or when the levels named do not match `层级`.
    pub(super) fn refinement(&mut self, document: &Document, header: &mut ir::Header) {
        let Some(first) = document.items.iter().find_map(|item| match item {
            Item::Header(header) => Some(header),
            _ => None,
        }) else {
            return;
        };
        let mut subdivision: Option<(&ast::Name, &[ast::Name], crate::span::Span)> = None;
        for field in &first.fields {
            match field {
                HeaderField::Refines { number, path } => {
                    if let Some(earlier) = &header.refines {
                        self.repeated(tr!("`细化`", "`refines`"), number.span, earlier.number_span);
                        continue;
                    }
                    header.refines = Some(ir::ParentRef {
                        number: number.value.clone(),
                        number_span: number.span,
                        path: path.as_ref().map(|p| p.value.clone()),
                        path_span: path.as_ref().map(|p| p.span),
                    });
                }
                HeaderField::Subdivides { parent, into, span } => {
                    if let Some((_, _, earlier)) = subdivision {
                        self.repeated(tr!("`细分`", "`subdivides`"), *span, earlier);
                        continue;
                    }
                    subdivision = Some((parent, into.as_slice(), *span));
                }
                _ => {}
            }
        }
        match (&header.refines, subdivision) {
            (Some(parent), None) => {
                let number = &parent.number;
                self.report(
                    Diagnostic::new(
                        Code::E0028,
                        tr!(
                            "方案细化 `{number}`，但没有说明细分其哪一层级",
                            "the plan refines `{number}` but does not say which of its levels it divides"
                        ),
                    )
                    .primary(self.file, parent.number_span, tr!("上级方案", "the parent plan"))
                    .note(tr!(
                        "在文件头写明，如 `细分 地方 => 自治区 > 盟市`",
                        "say it in the header, e.g. `subdivides 地方 => 自治区 > 盟市`"
                    )),
                );
            }
            (None, Some((_, _, span))) => {
                self.report(
                    Diagnostic::new(
                        Code::E0028,
                        tr!(
                            "`细分` 须与 `细化` 一起写：没有说明细化哪个方案",
                            "`subdivides` needs `refines`: the plan refined is not named"
                        ),
                    )
                    .primary(self.file, span, tr!("细分哪个方案的层级？", "whose level is divided?"))
                    .note(tr!(
                        "在文件头写明上级方案，如 `细化 \"国办发〔2023〕48号\" \"上级方案.qz\"`",
                        "name the parent plan in the header, e.g. `refines \"国办发〔2023〕48号\" \"parent.qz\"`"
                    )),
                );
            }
            (Some(_), Some((parent, into, span))) => {
                self.check_subdivision(into, span);
                header.subdivides = Some(ir::Subdivision {
                    parent_level: parent.value.clone(),
                    parent_level_span: parent.span,
                    span,
                });
            }
            (None, None) => {}
        }
    }

    /// The levels after `=>` must be the plan's own levels, all of them, in order: the
    /// parent's level is divided into exactly this plan's levels.
    fn check_subdivision(&mut self, into: &[ast::Name], span: crate::span::Span) {
        if self.levels.is_empty() {
            return;
        }
        let written: Vec<&str> = into.iter().map(|n| n.value.as_str()).collect();
        let declared: Vec<&str> = self.levels.iter().map(|l| l.name.as_str()).collect();
        if written == declared {
            return;
        }
        let (written, declared) = (written.join(" > "), declared.join(" > "));
        let first_level = self.levels.first().map(|l| l.span);
        let mut diagnostic = Diagnostic::new(
            Code::E0028,
            tr!(
                "细分后的层级 `{written}` 与本方案的层级 `{declared}` 不一致",
                "the levels divided into, `{written}`, are not this plan's levels `{declared}`"
            ),
        )
        .primary(
            self.file,
            into.first()
                .map_or(span, |f| into.last().map_or(f.span, |l| f.span.to(l.span))),
            tr!("细分为这些层级", "divided into these"),
        )
        .note(tr!(
            "上级方案的一个层级恰好细分为本方案的全部层级，按由高到低的顺序",
            "the parent's level is divided into exactly this plan's levels, highest first"
        ));
        if let Some(first_level) = first_level {
            diagnostic = diagnostic.secondary(self.file, first_level, tr!("本方案的层级", "this plan's levels"));
        }
        self.report(diagnostic);
    }

    /// `上限` declarations, their level looked up (E0003).
    pub(super) fn limits(&mut self, document: &Document) -> Vec<ir::Limit> {
        let declarations: Vec<&ast::LimitDecl> = document
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Limit(limit) => Some(limit),
                _ => None,
            })
            .collect();
        let mut limits = Vec::new();
        for declaration in declarations {
            if declaration.hundredths.value > 10000 {
                let written = ir::percent_text(declaration.hundredths.value);
                self.report(
                    Diagnostic::new(
                        Code::E0028,
                        tr!("上限 {written} 超过 100%", "the limit {written} is more than 100%"),
                    )
                    .primary(
                        self.file,
                        declaration.hundredths.span,
                        tr!("至多 100%", "at most 100%"),
                    ),
                );
                continue;
            }
            let Some(level) = self.find_level(&declaration.level) else {
                continue;
            };
            limits.push(ir::Limit {
                level,
                kind: declaration.kind,
                hundredths: declaration.hundredths.value,
                citation: declaration.citation.as_ref().map(super::citation),
                span: declaration.span,
            });
        }
        limits
    }
}
