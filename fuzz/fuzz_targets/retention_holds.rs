//! See `filrouge_fuzz_targets::invariants::retention_holds` (the body, shared with the replay test).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| filrouge_fuzz_targets::invariants::retention_holds(data));
