//! The geometry of case boxes, shared by the checker and the change report: cutting a
//! case space into cells no box boundary crosses ([`partition`]), merging disjoint boxes
//! back into few large ones ([`merge`]), and splitting a box whose numeric set no condition
//! can write into boxes one can ([`writable`]). Works on value sets (and a numeric
//! dimension's pieces) only; knows nothing of plans.

mod budget;
mod cells;
mod merge;
mod writable;

pub use crate::fast_map::FastMap;
pub use budget::{BASE_WORK, Budget, TooManyCells, WORK_PER_BOX_AND_DIMENSION, width};
pub use cells::{Cell, partition};
pub use merge::merge;
pub use writable::{excluded_point, writable};
