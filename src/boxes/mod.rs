//! The geometry of case boxes, shared by the checker and the change report: cutting a
//! case space into cells no box boundary crosses ([`partition`]), and merging disjoint
//! boxes back into few large ones ([`merge`]). Works on value sets only; knows nothing of
//! plans.

mod cells;
mod merge;

pub use cells::{Cell, MAX_CELLS, TooManyCells, partition};
pub use merge::merge;
