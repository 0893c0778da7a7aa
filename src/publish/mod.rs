//! The publication formats, each from the checked plan (its `emit::Table`, its parts) and
//! the diagnostics to bytes written into what the caller gives: SARIF for code-scanning
//! tools, the Excel workbook for the offices, DMN for decision engines, the HTML report
//! for readers. The plain formats (Markdown, CSV, JSON) are `emit`'s; diagnostics for
//! people are `render`'s.

pub mod dmn;
pub mod html;
pub mod sarif;
pub mod workbook;
