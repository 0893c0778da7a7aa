//! Fuzz target `amend`: see `bodies::amend`.
#![no_main]

#[path = "../bodies.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::amend(data));
