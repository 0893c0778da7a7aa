//! Fuzz target `fmt`: see `bodies::fmt`.
#![no_main]

#[path = "../bodies.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::fmt(data));
