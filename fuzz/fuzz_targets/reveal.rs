//! See `filrouge_fuzz_targets::json::reveal` (the body, shared with the replay test).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| filrouge_fuzz_targets::json::reveal(data));
