//! Progress of long benchmark runs, reported to a hook the caller installs
//! (`filrouge bench` draws a bar on stderr; nothing is reported otherwise).

use std::sync::OnceLock;

/// Receives `(path, done, total)` as a benchmarked path advances.
pub type Hook = Box<dyn Fn(&str, u64, u64) + Send + Sync>;

static HOOK: OnceLock<Hook> = OnceLock::new();

/// Installs the hook (once per process; later calls are ignored).
pub fn set_hook(hook: Hook) {
    let _ = HOOK.set(hook);
}

/// Reports that `path` has done `done` of `total` steps.
pub fn report(path: &str, done: u64, total: u64) {
    if let Some(hook) = HOOK.get() {
        hook(path, done, total);
    }
}
