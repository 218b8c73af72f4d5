//! Pacing of an async call's write phase against V8's young generation
//! (issue 5: no block of the event loop over 10 ms).
//!
//! Every object of a result is created young and survives (it is the
//! caller's), and a V8 scavenge copies all of the young generation's
//! survivors in one pause: with Node's default young generation (up to
//! 16 MiB per semi-space), a result written quickly left 9–11 MiB of
//! survivors to one scavenge, a 10.5–21.6 ms pause. The length of a
//! scavenge follows what survives, not what was allocated, so the write
//! phase keeps the result's share of the young generation small: after
//! each slice it reads the young generation's use
//! (`v8.getHeapSpaceStatistics()`) and allocates short-lived filler (64 KiB
//! strings, dead as soon as made) so that when the young generation fills,
//! at most [`BUDGET`] of it is the result's. Each scavenge then copies at
//! most about twice that (this slice's survivors, and the previous
//! scavenge's, which it promotes). The total work of the collector is about
//! the same (each result object is copied twice either way), spread over
//! more, shorter pauses; the filler costs one `memcpy` per 64 KiB. See
//! DESIGN.md, "What still blocks the event loop during reconcileAsync?".
//!
//! Where the statistics are out of reach (`process.getBuiltinModule` came
//! in Node 20.16), or any of these calls fails, the write phase goes on
//! unpaced: pacing never changes a result nor fails a call. Figures that
//! make no sense (a program may replace the function) cost at most
//! [`MOST_FILLER_PER_SLICE`] of filler per slice.

use crate::convert::type_of;
use crate::task::{Held, clear_exception};
use napi::{ValueType, sys};
use std::cell::Cell;
use std::ptr;

/// The most of the young generation the result may hold when it fills.
pub const BUDGET: usize = 512 << 10;

/// One filler string's length: well under V8's largest regular object
/// (128 KiB; a larger one would go to the large-object space, which the
/// young generation's fill does not count).
const FILLER: usize = 64 * 1024;

/// The most filler one slice allocates, whatever the statistics say (a
/// host's young generation is 16 MiB by default, 64 MiB with
/// `--max-semi-space-size=64`): statistics a program replaced with wrong
/// figures can cost at most this much per slice.
const MOST_FILLER_PER_SLICE: usize = 64 << 20;

/// The filler's characters.
static FILLER_TEXT: [u8; FILLER] = [b' '; FILLER];

/// The pacing of one call's write phase.
pub struct Pacer {
    env: sys::napi_env,
    /// `v8.getHeapSpaceStatistics` and its receiver; `None`: unpaced.
    stats: Option<(Held, Held)>,
    /// Where `new_space` was in the statistics' list last time.
    index: u32,
    /// Young bytes allocated by the write phase since the last scavenge seen.
    ours: usize,
    /// The young generation's use at the end of the last slice.
    last_used: usize,
    /// A scavenge is due ([`Pacer::collect_due`]).
    collect: bool,
}

/// The young generation's use and room, in bytes.
#[derive(Clone, Copy)]
struct NewSpace {
    used: usize,
    available: usize,
}

impl Pacer {
    /// Finds `v8.getHeapSpaceStatistics`; unpaced when it cannot.
    pub fn new(env: sys::napi_env) -> Pacer {
        let stats = lookup(env);
        clear_exception(env);
        Pacer { env, stats, index: 1, ours: 0, last_used: 0, collect: false }
    }

    /// Called before a slice writes: the young generation's use now.
    pub fn before(&mut self) -> Option<usize> {
        let now = self.new_space()?;
        if now.used < self.last_used {
            // A scavenge ran since the last slice, or during its filler:
            // what the result had young was copied (and is promoted by the
            // next one).
            self.ours = 0;
        }
        Some(now.used)
    }

    /// Called after a slice wrote, with what [`Pacer::before`] returned:
    /// counts the slice's allocation as the result's and allocates the
    /// filler that keeps the result's share of the young generation at
    /// most `BUDGET / capacity`.
    pub fn after(&mut self, before: Option<usize>) {
        let Some(before) = before else { return };
        let Some(now) = self.new_space() else { return };
        if now.used >= before {
            self.ours = self.ours.saturating_add(now.used - before);
        } else {
            // A scavenge in the middle of the slice: count all of what is
            // in use now as the result's.
            self.ours = now.used;
        }
        let capacity = now.used.saturating_add(now.available);
        let wanted = usize::try_from(self.ours as u128 * capacity as u128 / BUDGET as u128).unwrap_or(usize::MAX);
        let filler = wanted.saturating_sub(now.used);
        if filler >= now.available {
            // This filler would start a scavenge: it is left to a turn of
            // the event loop of its own ([`Pacer::collect`]), so that the
            // pause does not add to this slice's work.
            self.collect = true;
            self.last_used = now.used;
            return;
        }
        self.fill_bytes(filler, now.used);
    }

    /// Whether a scavenge is due: the caller spends a turn of the event
    /// loop on [`Pacer::collect`] alone before writing more.
    pub fn collect_due(&self) -> bool {
        self.collect && self.stats.is_some()
    }

    /// Fills the rest of the young generation, which starts a scavenge.
    pub fn collect(&mut self) {
        self.collect = false;
        let Some(now) = self.new_space() else { return };
        // Past the room left, one more filler starts a scavenge: no need for more.
        self.fill_bytes(now.available.saturating_add(FILLER), now.used);
    }

    /// Allocates `bytes` of filler (at most [`MOST_FILLER_PER_SLICE`]);
    /// `used` is the young generation's use before. The use is not read
    /// again: without a scavenge it is now at least `used` plus the filler,
    /// and [`Pacer::before`] takes less as the sign of one.
    fn fill_bytes(&mut self, bytes: usize, used: usize) {
        let mut filler = bytes.min(MOST_FILLER_PER_SLICE);
        let mut made = 0usize;
        while filler > 0 {
            if !self.fill() {
                self.stats = None;
                break;
            }
            made = made.saturating_add(FILLER);
            filler = filler.saturating_sub(FILLER);
        }
        self.last_used = used.saturating_add(made);
    }

    /// One filler string, dead when made: its handle scope is closed at
    /// once, so a scavenge during the filling finds none of them alive.
    fn fill(&self) -> bool {
        let env = self.env;
        let mut scope = ptr::null_mut();
        // SAFETY: plain napi calls on the main thread; the scope is closed
        // right after the one string is made; the text is a static buffer.
        unsafe {
            if sys::napi_open_handle_scope(env, &mut scope) != sys::Status::napi_ok {
                return false;
            }
            let mut value = ptr::null_mut();
            let status = sys::napi_create_string_latin1(env, FILLER_TEXT.as_ptr().cast(), FILLER as isize, &mut value);
            sys::napi_close_handle_scope(env, scope);
            status == sys::Status::napi_ok
        }
    }

    /// `new_space`'s entry of `v8.getHeapSpaceStatistics()`; on any
    /// failure, pacing stops for the call.
    fn new_space(&mut self) -> Option<NewSpace> {
        let (function, receiver) = self.stats.as_ref()?;
        let (function, receiver) = (function.get().ok()?, receiver.get().ok()?);
        let env = self.env;
        let mut scope = ptr::null_mut();
        // SAFETY: plain napi calls on the main thread with values of this env.
        let found = unsafe {
            if sys::napi_open_handle_scope(env, &mut scope) != sys::Status::napi_ok {
                return None;
            }
            let found = read_new_space(env, function, receiver, &mut self.index);
            sys::napi_close_handle_scope(env, scope);
            found
        };
        if found.is_none() {
            clear_exception(env);
            self.stats = None;
        }
        found
    }
}

thread_local! {
    /// The `v8` module of this thread's env, found once: the first
    /// `process.getBuiltinModule('v8')` of a process took 3.5–3.9 ms (the
    /// next ones 0.05 ms). A raw reference, never deleted here: Node frees
    /// an env's references with the env, and the env is checked before use.
    static V8_MODULE: Cell<Option<(sys::napi_env, sys::napi_ref)>> = const { Cell::new(None) };
}

/// This env's `v8` module (`process.getBuiltinModule('v8')`).
///
/// # Safety
/// On the main thread with values of `env`.
unsafe fn v8_module(env: sys::napi_env) -> Option<sys::napi_value> {
    if let Some((cached_env, reference)) = V8_MODULE.get()
        && cached_env == env
    {
        // SAFETY: the reference was made on this env, which is alive (the caller's).
        return out(|v| unsafe { sys::napi_get_reference_value(env, reference, v) });
    }
    // SAFETY: as the caller promises.
    unsafe {
        let global = out(|v| sys::napi_get_global(env, v))?;
        let process = property(env, global, "process")?;
        let get_builtin = property(env, process, "getBuiltinModule")?;
        let name = out(|v| sys::napi_create_string_utf8(env, c"v8".as_ptr(), 2, v))?;
        let v8 = out(|v| sys::napi_call_function(env, process, get_builtin, 1, &name, v))?;
        let mut reference = ptr::null_mut();
        if sys::napi_create_reference(env, v8, 1, &mut reference) == sys::Status::napi_ok {
            V8_MODULE.set(Some((env, reference)));
        }
        Some(v8)
    }
}

/// Finds this env's `v8` module now, at the start of an async call (its
/// first lookup in a process takes a few ms, better spent there than in
/// the turn that starts the write phase).
pub fn prepare(env: sys::napi_env) {
    // SAFETY: called on the main thread, in a native call of `env`.
    let _ = unsafe { v8_module(env) };
    clear_exception(env);
}

/// `v8.getHeapSpaceStatistics` (read anew each call: a program may replace
/// it), with the module.
fn lookup(env: sys::napi_env) -> Option<(Held, Held)> {
    // SAFETY: plain napi calls on the main thread with values of this env.
    unsafe {
        let v8 = v8_module(env)?;
        let stats = property(env, v8, "getHeapSpaceStatistics")?;
        if type_of(env, stats) != ValueType::Function {
            return None;
        }
        Some((Held::new(env, stats).ok()?, Held::new(env, v8).ok()?))
    }
}

/// Calls the statistics function and reads `new_space`'s entry, looking
/// for it from `index` (its place last time) round the list.
///
/// # Safety
/// On the main thread, inside a handle scope, with values of `env`.
unsafe fn read_new_space(
    env: sys::napi_env,
    function: sys::napi_value,
    receiver: sys::napi_value,
    index: &mut u32,
) -> Option<NewSpace> {
    // SAFETY: as the caller promises.
    unsafe {
        let list = out(|v| sys::napi_call_function(env, receiver, function, 0, ptr::null(), v))?;
        let mut len = 0u32;
        if sys::napi_get_array_length(env, list, &mut len) != sys::Status::napi_ok {
            return None;
        }
        for k in 0..len {
            let i = (*index + k) % len;
            let entry = out(|v| sys::napi_get_element(env, list, i, v))?;
            let name = property(env, entry, "space_name")?;
            let mut buffer = [0u8; 16];
            let mut n = 0usize;
            if sys::napi_get_value_string_utf8(env, name, buffer.as_mut_ptr().cast(), buffer.len(), &mut n)
                != sys::Status::napi_ok
            {
                return None;
            }
            if buffer.get(..n) == Some(b"new_space".as_slice()) {
                *index = i;
                let used = number(env, property(env, entry, "space_used_size")?)?;
                let available = number(env, property(env, entry, "space_available_size")?)?;
                return Some(NewSpace { used, available });
            }
        }
        None
    }
}

/// A napi call's out value, `None` unless it succeeded.
fn out(f: impl FnOnce(*mut sys::napi_value) -> sys::napi_status) -> Option<sys::napi_value> {
    let mut value = ptr::null_mut();
    (f(&mut value) == sys::Status::napi_ok && !value.is_null()).then_some(value)
}

/// Property `name` of `object` ([`crate::convert::property`]); `None` when
/// it is undefined or cannot be read.
///
/// # Safety
/// On the main thread with values of `env`.
unsafe fn property(env: sys::napi_env, object: sys::napi_value, name: &'static str) -> Option<sys::napi_value> {
    // SAFETY: as the caller promises.
    unsafe { crate::convert::property(env, object, name) }.ok().flatten()
}

/// A non-negative finite JS number as a byte count.
///
/// # Safety
/// On the main thread with values of `env`.
unsafe fn number(env: sys::napi_env, value: sys::napi_value) -> Option<usize> {
    let mut x = 0f64;
    // SAFETY: as the caller promises.
    let ok = unsafe { sys::napi_get_value_double(env, value, &mut x) } == sys::Status::napi_ok;
    (ok && x.is_finite() && x >= 0.0).then_some(x as usize)
}
