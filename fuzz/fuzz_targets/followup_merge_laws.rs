//! See `filrouge_fuzz_targets::invariants::followup_merge_laws` (the body, shared with the replay test).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| filrouge_fuzz_targets::invariants::followup_merge_laws(data));
