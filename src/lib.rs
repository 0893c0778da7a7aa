//! quanze (权责): a compiler for plans that divide fiscal power (财政事权) and spending
//! responsibility (支出责任) between levels of government.
//!
//! The pipeline (see ARCHITECTURE.md): [`syntax`] → [`resolve`] → [`check`] → [`emit`],
//! driven by [`compile`]. Every problem is a [`diagnostic::Diagnostic`], rendered at the
//! edge by [`render`]; the publication formats are in [`publish`]. The library does no IO.

pub mod amend;
pub mod ast;
pub mod boxes;
pub mod calendar;
pub mod chain;
pub mod check;
pub mod compile;
pub mod coverage;
pub mod describe;
pub mod diagnostic;
pub mod diff;
pub mod draft;
pub mod editor;
pub mod emit;
pub mod fast_map;
pub mod format;
pub mod ir;
pub mod lookup;
pub mod markdown;
pub mod names;
pub mod numeric;
pub mod publish;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod source;
pub mod span;
pub mod syntax;
pub mod text;
pub mod unicode;
pub mod value_set;
pub mod workspace;
