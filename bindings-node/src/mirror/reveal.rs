//! Mirrors of the reveal records (SPEC §3, core `reveal`).
