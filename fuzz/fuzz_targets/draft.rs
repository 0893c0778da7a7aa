//! Fuzz target `draft`: see `bodies::draft`.
#![no_main]

#[path = "../bodies.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::draft(data));
