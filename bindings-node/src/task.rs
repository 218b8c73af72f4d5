//! Async batch calls (`reconcileAsync`, `historyAsync`, `evaluateAsync`):
//! a Promise, and an event loop that stays responsive.
//!
//! JavaScript objects can only be read on the main thread, and reading a
//! million of them takes seconds, so an async call works in three phases:
//!
//! 1. **read**: the input arrays are read in slices of at most [`SLICE`]
//!    of main-thread time, one slice per turn of the event loop
//!    (`setImmediate`), the arrays being held by napi references;
//! 2. **compute**: the checks, the conversion to core records and the core
//!    call run as a napi `AsyncTask` on the libuv thread pool;
//! 3. **write**: the input records are freed (on the main thread, where
//!    they were allocated: [`Output::discard`]) and the result's lists are
//!    turned into JS arrays, again in slices, and the Promise is resolved.
//!
//! An error in any phase (a wrong shape, `not_a_natural_person`, a caught
//! panic) rejects the Promise with the same coded `Error` the synchronous
//! call throws. Nothing here decides a business rule.

use crate::convert::{Arg, ListReader, type_of};
use crate::error::{JsError, Result, error, guard, internal};
use crate::young::Pacer;
use napi::bindgen_prelude::{FromNapiValue, ToNapiValue};
use napi::{Env, Task, Unknown, ValueType, sys};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::c_void;
use std::ptr;
use std::time::{Duration, Instant};

/// The longest stretch of main-thread work between two turns of the event loop.
pub const SLICE: Duration = Duration::from_millis(1);

/// How many elements are converted between two clock readings.
pub const CHECK_EVERY: usize = 32;

/// A JS value kept alive across turns of the event loop (a napi reference,
/// deleted on drop; only ever touched on the main thread).
pub struct Held {
    env: sys::napi_env,
    reference: sys::napi_ref,
}

impl Held {
    pub fn new(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut reference = ptr::null_mut();
        // SAFETY: env and value are valid for the current call.
        check(unsafe { sys::napi_create_reference(env, value, 1, &mut reference) }, "create a reference")?;
        Ok(Held { env, reference })
    }

    pub fn get(&self) -> Result<sys::napi_value> {
        let mut value = ptr::null_mut();
        // SAFETY: the reference is alive until drop.
        check(unsafe { sys::napi_get_reference_value(self.env, self.reference, &mut value) }, "read a reference")?;
        Ok(value)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        // SAFETY: created by napi_create_reference on this env, deleted once.
        unsafe { sys::napi_delete_reference(self.env, self.reference) };
    }
}

fn check(status: sys::napi_status, what: &str) -> Result<()> {
    if status == sys::Status::napi_ok { Ok(()) } else { Err(error("internal", format!("napi failed to {what}"))) }
}

/// A JS array read over several turns of the event loop.
pub struct PendingList<T> {
    held: Held,
    reader: ListReader<T>,
}

impl<T: FromNapiValue + napi::bindgen_prelude::ValidateNapiValue> PendingList<T> {
    /// Checks that `arg` is an array and holds it.
    pub fn new(arg: Arg, path: &'static str) -> Result<Self> {
        let reader = ListReader::new(arg, path)?;
        Ok(PendingList { held: Held::new(arg.env, arg.value)?, reader })
    }

    /// Reads until done or past `deadline`; true when every element is read.
    pub fn read(&mut self, deadline: Instant) -> Result<bool> {
        self.reader.array.value = self.held.get()?;
        while !self.reader.done() {
            if Instant::now() >= deadline {
                return Ok(false);
            }
            self.reader.read(CHECK_EVERY)?;
        }
        Ok(true)
    }

    /// The elements read.
    pub fn items(self) -> Vec<T> {
        self.reader.items
    }

    /// A second hold on the array, for the write phase to read the caller's
    /// own values back (see [`Ctx::input_id`]).
    pub fn hold(&self) -> Result<Held> {
        Held::new(self.held.env, self.held.get()?)
    }
}

/// The work after reading: runs on a worker thread.
pub type Work = Box<dyn FnOnce() -> Result<Output> + Send>;

/// An async call's input being read on the main thread.
pub trait Job: 'static {
    /// Reads more input until `deadline`; true when all of it is read.
    fn read(&mut self, deadline: Instant) -> Result<bool>;
    /// The computation, from what was read.
    fn into_work(self: Box<Self>) -> Work;
    /// The input arrays the write phase reads back ([`Ctx::input`]), in the
    /// order the job's lists name them; none by default.
    fn inputs(&self) -> Result<Vec<Held>> {
        Ok(Vec::new())
    }
}

/// A result object: string fields, then lists written in slices.
#[derive(Default)]
pub struct Output {
    strings: Vec<(&'static str, String)>,
    lists: Vec<(&'static str, Box<dyn OutList>)>,
    /// The result is the one list itself, not an object holding it.
    bare: bool,
    /// Inputs read on the main thread, freed there in slices (see [`Output::discard`]).
    garbage: Vec<Box<dyn Garbage>>,
}

impl Output {
    /// A result that is a list (an array), not an object.
    pub fn array<T: ToNapiValue + Send + 'static>(items: Vec<T>) -> Self {
        let mut out = Output::default().list("", items);
        out.bare = true;
        out
    }

    /// Hands back input records read on the main thread, to be freed there
    /// in slices before the result is written. Freed on the worker, their
    /// millions of small allocations (strings) pile up unmerged in the main
    /// thread's glibc arena ("fast bins"), and the main thread's next large
    /// allocation merges them all at once: 128–321 ms without a turn of the
    /// event loop on 1M contacts + 200k reports (`perf`: `malloc_consolidate`
    /// on the main thread). Freed here a slice at a time, each slice merges
    /// only its own. See DESIGN.md, "What still blocks the event loop during
    /// reconcileAsync?".
    pub fn discard<T: Send + 'static>(mut self, records: Vec<T>) -> Self {
        self.garbage.push(Box::new(records));
        self
    }

    /// Adds a string field.
    pub fn string(mut self, key: &'static str, value: String) -> Self {
        self.strings.push((key, value));
        self
    }

    /// Adds a list field.
    pub fn list<T: ToNapiValue + Send + 'static>(mut self, key: &'static str, items: Vec<T>) -> Self {
        self.lists.push((key, Box::new(Items { items: items.into_iter(), next: 0 })));
        self
    }

    /// Adds a list field written by `list` itself (with the call's shared
    /// strings and input arrays, see [`Ctx`]).
    pub fn custom_list(mut self, key: &'static str, list: Box<dyn OutList>) -> Self {
        self.lists.push((key, list));
        self
    }
}

/// Records freed slice by slice on the main thread.
trait Garbage: Send {
    /// Frees records until none is left (true) or past `deadline`.
    fn free(&mut self, deadline: Instant) -> bool;
}

impl<T: Send + 'static> Garbage for Vec<T> {
    fn free(&mut self, deadline: Instant) -> bool {
        loop {
            for _ in 0..CHECK_EVERY * 8 {
                if self.pop().is_none() {
                    // The emptied buffer is one big block (an `munmap`): freed on
                    // its own thread, where it holds no lock the main thread needs.
                    let buffer = std::mem::take(self);
                    if buffer.capacity() > 0 {
                        // Should no thread start, the buffer is freed here.
                        let _ = std::thread::Builder::new().spawn(move || drop(buffer));
                    }
                    return true;
                }
            }
            merge_freed();
            if Instant::now() >= deadline {
                return false;
            }
        }
    }
}

/// Has glibc merge the small blocks just freed on this thread (a request
/// of a few KiB merges the arena's fast bins first), so their number stays
/// bounded by one slice's frees.
fn merge_freed() {
    drop(std::hint::black_box(Vec::<u8>::with_capacity(4096)));
}

/// A list of results turned into a JS array slice by slice.
pub trait OutList: Send {
    /// Writes elements into `array` until done (true) or past `deadline`.
    fn write(&mut self, cx: &mut Ctx, array: sys::napi_value, deadline: Instant) -> Result<bool>;
}

/// What a list's writer shares during one call's write phase: the strings
/// created once per call (property keys, enum values, codes), and the
/// caller's input arrays, whose id strings a result reuses. Every element
/// the binding creates is young in V8's heap and survives (it is the
/// caller's result), so each one not created shortens V8's scavenges; see
/// DESIGN.md, "What still blocks the event loop during reconcileAsync?".
pub struct Ctx<'a> {
    env: sys::napi_env,
    inputs: &'a [sys::napi_value],
    strings: &'a mut Strings,
    /// Scratch buffer for reading a JS string back.
    buffer: Vec<u8>,
}

/// The strings of one call's write phase created once ([`Ctx::constant`]):
/// elements of a JS array held by a reference (Node 20 refers to objects
/// only), by their text.
#[derive(Default)]
pub struct Strings {
    holder: Option<Held>,
    index: HashMap<String, u32>,
}

impl Ctx<'_> {
    /// The JS string `s`, created once per call and reused after.
    pub fn constant(&mut self, s: &str) -> Result<sys::napi_value> {
        let holder = match &self.strings.holder {
            Some(held) => held.get()?,
            None => {
                let mut a = ptr::null_mut();
                // SAFETY: plain napi call on the main thread.
                check(unsafe { sys::napi_create_array(self.env, &mut a) }, "create an array")?;
                self.strings.holder = Some(Held::new(self.env, a)?);
                a
            }
        };
        let mut value = ptr::null_mut();
        if let Some(&k) = self.strings.index.get(s) {
            // SAFETY: as above; `k` is an element of the holder.
            check(unsafe { sys::napi_get_element(self.env, holder, k, &mut value) }, "read a string")?;
            return Ok(value);
        }
        let value = self.new_string(s)?;
        let k = self.strings.index.len() as u32;
        self.push(holder, k, value)?;
        self.strings.index.insert(s.to_owned(), k);
        Ok(value)
    }

    /// A new JS string.
    pub fn new_string(&mut self, s: &str) -> Result<sys::napi_value> {
        let mut value = ptr::null_mut();
        // SAFETY: plain napi call on the main thread; `s` is valid UTF-8 of that length.
        check(
            unsafe { sys::napi_create_string_utf8(self.env, s.as_ptr().cast(), s.len() as isize, &mut value) },
            "create a string",
        )?;
        Ok(value)
    }

    /// The `id` of element `position` of input array `input`, as the
    /// caller's own JS string when it still reads exactly `expected` (no
    /// new string: nothing for V8 to collect), else a new string of
    /// `expected`. (The caller may have changed its array meanwhile, or an
    /// id with an unpaired surrogate was read as U+FFFD: the result always
    /// says `expected`, as the synchronous call does.)
    pub fn input_id(&mut self, input: usize, position: usize, expected: &str) -> Result<sys::napi_value> {
        match self.existing_id(input, position, expected) {
            Some(value) => Ok(value),
            None => self.new_string(expected),
        }
    }

    fn existing_id(&mut self, input: usize, position: usize, expected: &str) -> Option<sys::napi_value> {
        let array = *self.inputs.get(input)?;
        let position = u32::try_from(position).ok()?;
        if expected.contains('\u{FFFD}') {
            return None;
        }
        let key = self.constant("id").ok()?;
        let env = self.env;
        // SAFETY: plain napi calls on the main thread with values of this env;
        // the buffer outlives the call that fills it.
        unsafe {
            let mut element = ptr::null_mut();
            if !self.ok(sys::napi_get_element(env, array, position, &mut element))
                || type_of(env, element) != ValueType::Object
            {
                return None;
            }
            let mut id = ptr::null_mut();
            if !self.ok(sys::napi_get_property(env, element, key, &mut id)) || type_of(env, id) != ValueType::String {
                return None;
            }
            // Room for `expected` and a whole character more (at most 4
            // bytes) and the NUL: a longer string reads longer.
            self.buffer.clear();
            self.buffer.resize(expected.len() + 5, 0);
            let mut len = 0usize;
            let status =
                sys::napi_get_value_string_utf8(env, id, self.buffer.as_mut_ptr().cast(), self.buffer.len(), &mut len);
            (status == sys::Status::napi_ok && self.buffer.get(..len) == Some(expected.as_bytes())).then_some(id)
        }
    }

    /// Whether a napi call succeeded; a JS exception it raised (a getter
    /// of the caller's throwing) is cleared, and the caller falls back.
    fn ok(&self, status: sys::napi_status) -> bool {
        if status == sys::Status::napi_ok {
            return true;
        }
        clear_exception(self.env);
        false
    }

    /// A new object with `fields` in order (keys from [`Ctx::constant`]).
    pub fn object(&mut self, fields: &[(&str, sys::napi_value)]) -> Result<sys::napi_value> {
        let mut object = ptr::null_mut();
        // SAFETY: plain napi calls on the main thread.
        check(unsafe { sys::napi_create_object(self.env, &mut object) }, "create an object")?;
        for &(key, value) in fields {
            let key = self.constant(key)?;
            // SAFETY: as above.
            check(unsafe { sys::napi_set_property(self.env, object, key, value) }, "set a field")?;
        }
        Ok(object)
    }

    /// Appends `value` at `index` of `array`.
    pub fn push(&self, array: sys::napi_value, index: u32, value: sys::napi_value) -> Result<()> {
        // SAFETY: plain napi call on the main thread.
        check(unsafe { sys::napi_set_element(self.env, array, index, value) }, "fill an array")
    }

    /// Runs `f` in a handle scope of its own, so the handles a batch of
    /// elements creates are released after it.
    pub fn scoped<R>(&mut self, f: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        let mut scope = ptr::null_mut();
        // SAFETY: opened and closed on the main thread, around `f` only.
        check(unsafe { sys::napi_open_handle_scope(self.env, &mut scope) }, "open a handle scope")?;
        let out = f(self);
        // SAFETY: as above.
        unsafe { sys::napi_close_handle_scope(self.env, scope) };
        out
    }
}

/// Clears the pending JS exception, if any.
pub fn clear_exception(env: sys::napi_env) {
    let mut pending = false;
    // SAFETY: plain napi calls on the main thread.
    unsafe {
        if sys::napi_is_exception_pending(env, &mut pending) == sys::Status::napi_ok && pending {
            let mut ignored = ptr::null_mut();
            sys::napi_get_and_clear_last_exception(env, &mut ignored);
        }
    }
}

struct Items<T> {
    items: std::vec::IntoIter<T>,
    next: u32,
}

impl<T: ToNapiValue + Send> OutList for Items<T> {
    fn write(&mut self, cx: &mut Ctx, array: sys::napi_value, deadline: Instant) -> Result<bool> {
        let env = cx.env;
        loop {
            for _ in 0..CHECK_EVERY {
                let Some(item) = self.items.next() else { return Ok(true) };
                // SAFETY: env and array are valid for the current call.
                let value = unsafe { T::to_napi_value(env, item) }
                    .map_err(|e| error("internal", format!("cannot build a result: {}", e.reason)))?;
                check(unsafe { sys::napi_set_element(env, array, self.next, value) }, "fill an array")?;
                self.next += 1;
            }
            if Instant::now() >= deadline {
                return Ok(false);
            }
        }
    }
}

enum Phase {
    Read(Box<dyn Job>),
    Compute {
        inputs: Vec<Held>,
    },
    Write {
        object: Held,
        garbage: Vec<Box<dyn Garbage>>,
        lists: Vec<(&'static str, Box<dyn OutList>)>,
        array: Option<Held>,
        inputs: Vec<Held>,
        strings: Strings,
        pacer: Box<Pacer>,
    },
}

struct State {
    deferred: sys::napi_deferred,
    step: Held,
    phase: Phase,
}

thread_local! {
    static JOBS: RefCell<HashMap<usize, State>> = RefCell::new(HashMap::new());
    static NEXT_ID: RefCell<usize> = const { RefCell::new(1) };
}

/// Starts an async call: returns its Promise. `start` builds the job from
/// the arguments (small arguments converted at once, lists held); an error
/// there rejects the Promise too, so the call itself never throws.
pub fn start<'env>(env: sys::napi_env, start: impl FnOnce() -> Result<Box<dyn Job>>) -> napi::Result<Unknown<'env>> {
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    // SAFETY: env is valid for the current call.
    napi::check_status!(unsafe { sys::napi_create_promise(env, &mut deferred, &mut promise) })?;
    crate::young::prepare(env);
    match guard(start).and_then(|job| schedule_new(env, deferred, job)) {
        Ok(()) => {}
        Err(e) => reject(env, deferred, e),
    }
    // SAFETY: promise was just created on this env.
    Ok(unsafe { Unknown::from_raw_unchecked(env, promise) })
}

fn schedule_new(env: sys::napi_env, deferred: sys::napi_deferred, job: Box<dyn Job>) -> Result<()> {
    let id = NEXT_ID.with(|n| {
        let mut n = n.borrow_mut();
        *n += 1;
        *n
    });
    let mut function = ptr::null_mut();
    let name = "filrougeStep";
    // SAFETY: the callback reads its id from the data pointer, which is a plain integer.
    check(
        unsafe {
            sys::napi_create_function(
                env,
                name.as_ptr().cast(),
                name.len() as isize,
                Some(step),
                id as *mut c_void,
                &mut function,
            )
        },
        "create a function",
    )?;
    let step = Held::new(env, function)?;
    JOBS.with(|jobs| jobs.borrow_mut().insert(id, State { deferred, step, phase: Phase::Read(job) }));
    if let Err(e) = set_immediate(env, id) {
        JOBS.with(|jobs| jobs.borrow_mut().remove(&id));
        return Err(e);
    }
    Ok(())
}

/// Runs the job's step function on the next turn of the event loop.
fn set_immediate(env: sys::napi_env, id: usize) -> Result<()> {
    let function = JOBS.with(|jobs| jobs.borrow().get(&id).map(|s| s.step.get())).transpose()?;
    let Some(function) = function else { return Ok(()) };
    // SAFETY: plain napi calls on the main thread with values of this env.
    unsafe {
        let mut global = ptr::null_mut();
        check(sys::napi_get_global(env, &mut global), "get the global object")?;
        let mut set_immediate = ptr::null_mut();
        check(
            sys::napi_get_named_property(env, global, c"setImmediate".as_ptr(), &mut set_immediate),
            "find setImmediate",
        )?;
        let mut ignored = ptr::null_mut();
        check(sys::napi_call_function(env, global, set_immediate, 1, &function, &mut ignored), "call setImmediate")
    }
}

/// The step function: one slice of work for job `id`.
unsafe extern "C" fn step(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    let mut data = ptr::null_mut();
    let mut argc = 0;
    // SAFETY: napi hands us a valid callback info.
    let status = unsafe { sys::napi_get_cb_info(env, info, &mut argc, ptr::null_mut(), ptr::null_mut(), &mut data) };
    if status == sys::Status::napi_ok {
        let id = data as usize;
        let outcome = guard(|| advance(env, id));
        if let Err(e) = outcome {
            fail(env, id, e);
        }
    }
    ptr::null_mut()
}

/// Rejects job `id`'s Promise and forgets the job.
fn fail(env: sys::napi_env, id: usize, e: JsError) {
    if let Some(state) = JOBS.with(|jobs| jobs.borrow_mut().remove(&id)) {
        reject(env, state.deferred, e);
    }
}

fn reject(env: sys::napi_env, deferred: sys::napi_deferred, e: JsError) {
    // SAFETY: the deferred belongs to this env and is settled exactly once
    // (its job is removed from JOBS before).
    unsafe {
        let value = napi::JsError::from(e).into_value(env);
        sys::napi_reject_deferred(env, deferred, value);
    }
}

/// One slice of job `id`: read more, start the computation, or write more.
fn advance(env: sys::napi_env, id: usize) -> Result<()> {
    let deadline = Instant::now() + SLICE;
    let Some(mut state) = JOBS.with(|jobs| jobs.borrow_mut().remove(&id)) else { return Ok(()) };
    let outcome = advance_state(env, id, &mut state, deadline);
    match outcome {
        Ok(Next::Again) => {
            JOBS.with(|jobs| jobs.borrow_mut().insert(id, state));
            set_immediate(env, id)
        }
        Ok(Next::Wait) => {
            JOBS.with(|jobs| jobs.borrow_mut().insert(id, state));
            Ok(())
        }
        Ok(Next::Resolved) => Ok(()),
        Err(e) => {
            reject(env, state.deferred, e);
            Ok(())
        }
    }
}

enum Next {
    Again,
    Wait,
    Resolved,
}

fn advance_state(env: sys::napi_env, id: usize, state: &mut State, deadline: Instant) -> Result<Next> {
    match &mut state.phase {
        Phase::Read(job) => {
            if !job.read(deadline)? {
                return Ok(Next::Again);
            }
            let inputs = job.inputs()?;
            let Phase::Read(job) = std::mem::replace(&mut state.phase, Phase::Compute { inputs }) else {
                return Ok(Next::Wait);
            };
            let work = job.into_work();
            // SAFETY: Env::from_raw on the env of the current call.
            let env_handle = Env::from_raw(env);
            env_handle
                .spawn(Compute { id, work: Some(work) })
                .map_err(|e| error("internal", format!("cannot start the computation: {}", e.reason)))?;
            Ok(Next::Wait)
        }
        Phase::Compute { .. } => Ok(Next::Wait),
        Phase::Write { object, garbage, lists, array, inputs, strings, pacer } => {
            while let Some(records) = garbage.last_mut() {
                if !records.free(deadline) {
                    return Ok(Next::Again);
                }
                garbage.pop();
            }
            while let Some((key, list)) = lists.first_mut() {
                if pacer.collect_due() {
                    // A turn of its own for the scavenge the pacing starts.
                    pacer.collect();
                    return Ok(Next::Again);
                }
                let target = match array {
                    Some(held) => held.get()?,
                    None => {
                        let mut a = ptr::null_mut();
                        // An empty array filled in order: V8 keeps its elements
                        // packed. (`new Array(n)` with a large `n` starts as a
                        // dictionary, and filling it cost a pause of about 8 ms
                        // every few thousand elements: measured at 145k links.)
                        // SAFETY: plain napi call on the main thread.
                        check(unsafe { sys::napi_create_array(env, &mut a) }, "create an array")?;
                        let o = object.get()?;
                        let key = std::ffi::CString::new(*key).map_err(internal_str)?;
                        // SAFETY: as above.
                        check(unsafe { sys::napi_set_named_property(env, o, key.as_ptr(), a) }, "set a field")?;
                        *array = Some(Held::new(env, a)?);
                        a
                    }
                };
                let inputs = inputs.iter().map(Held::get).collect::<Result<Vec<_>>>()?;
                let mut cx = Ctx { env, inputs: &inputs, strings, buffer: Vec::new() };
                let before = pacer.before();
                let done = list.write(&mut cx, target, deadline)?;
                pacer.after(before);
                if !done {
                    return Ok(Next::Again);
                }
                lists.remove(0);
                *array = None;
                if !lists.is_empty() && (Instant::now() >= deadline || pacer.collect_due()) {
                    return Ok(Next::Again);
                }
            }
            let value = object.get()?;
            // SAFETY: the deferred is settled once: the job is not put back.
            check(unsafe { sys::napi_resolve_deferred(env, state.deferred, value) }, "resolve a promise")?;
            Ok(Next::Resolved)
        }
    }
}

fn internal_str(e: impl std::fmt::Display) -> JsError {
    error("internal", e.to_string())
}

/// The compute phase as a napi `AsyncTask` on the libuv thread pool.
struct Compute {
    id: usize,
    work: Option<Work>,
}

/// A computation's outcome: the output, or an error's code and message
/// (a napi error is not `Send`).
type Outcome = std::result::Result<Output, (String, String)>;

impl Task for Compute {
    type Output = Outcome;
    type JsValue = ();

    fn compute(&mut self) -> napi::Result<Outcome> {
        let Some(work) = self.work.take() else { return Ok(Err(("internal".into(), "computed twice".into()))) };
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|p| Err(internal(p)));
        Ok(result.map_err(|e| (e.status.clone(), e.reason.clone())))
    }

    fn resolve(&mut self, env: Env, outcome: Outcome) -> napi::Result<()> {
        let raw = env.raw();
        let result = guard(|| {
            let output = outcome.map_err(|(code, message)| error(&code, message))?;
            begin_write(raw, self.id, output)
        });
        if let Err(e) = result {
            fail(raw, self.id, e);
        }
        Ok(())
    }

    fn reject(&mut self, env: Env, err: napi::Error) -> napi::Result<()> {
        fail(env.raw(), self.id, error("internal", err.reason.clone()));
        Ok(())
    }
}

/// Builds the result object's string fields and starts writing its lists.
fn begin_write(env: sys::napi_env, id: usize, output: Output) -> Result<()> {
    let mut object = ptr::null_mut();
    let mut first = None;
    if output.bare {
        // SAFETY: plain napi calls on the main thread (an empty array, as above).
        check(unsafe { sys::napi_create_array(env, &mut object) }, "create an array")?;
        first = Some(Held::new(env, object)?);
    } else {
        // SAFETY: plain napi calls on the main thread.
        check(unsafe { sys::napi_create_object(env, &mut object) }, "create an object")?;
    }
    for (key, value) in output.strings {
        // SAFETY: as above.
        let v = unsafe { String::to_napi_value(env, value) }.map_err(|e| internal_str(&e.reason))?;
        let key = std::ffi::CString::new(key).map_err(internal_str)?;
        check(unsafe { sys::napi_set_named_property(env, object, key.as_ptr(), v) }, "set a field")?;
    }
    let held = Held::new(env, object)?;
    let found = JOBS.with(|jobs| {
        let mut jobs = jobs.borrow_mut();
        match jobs.get_mut(&id) {
            Some(state) => {
                let inputs = match std::mem::replace(&mut state.phase, Phase::Compute { inputs: Vec::new() }) {
                    Phase::Compute { inputs } => inputs,
                    _ => Vec::new(),
                };
                state.phase = Phase::Write {
                    object: held,
                    garbage: output.garbage,
                    lists: output.lists,
                    array: first,
                    inputs,
                    strings: Strings::default(),
                    pacer: Box::new(Pacer::new(env)),
                };
                true
            }
            None => false,
        }
    });
    if found { advance(env, id) } else { Ok(()) }
}
