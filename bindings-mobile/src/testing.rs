//! Test support, built only with the `testing` feature (never in an app):
//! proves from Kotlin that a Rust panic becomes an exception.

use crate::error::FilrougeError;

/// Panics on purpose. uniffi catches the panic at the FFI boundary: Kotlin
/// gets an `InternalException`, Swift a `FilrougeError`-independent
/// `rustPanic` error, and the process goes on.
#[uniffi::export]
pub fn panic_on_purpose(text: String) -> Result<String, FilrougeError> {
    panic!("deliberate panic for the binding tests: {text}")
}
