// Randomized garbage input (issue 7): a seeded generator of malformed
// values — wrong types, null/undefined, NaN/±Infinity, huge and deeply
// nested values, huge strings, lone UTF-16 surrogates, records that are
// almost right — fed to every entry point (test/entries.mjs). Each call
// must return, or throw (reject) an Error with a string `code` that is not
// `internal` (a caught Rust panic): never another kind of exception, never
// a crash (node --test runs this file in its own process).
//
// FILROUGE_FUZZ="seed:calls" overrides the seed and the number of calls
// (default 20260330:10000: 5–12 s on CI's debug addon at load 6, up to
// 28 s with a workspace build beside it);
// FILROUGE_FUZZ_TRACE=1 prints each call. The async entry points are in
// (FILROUGE_FUZZ_ASYNC=0 leaves them out).
//
// A value that walks as a huge tree (an object shared under two keys,
// nested 200 levels) used to stall the run for ever: napi-rs formatted the
// value it failed to read as a `String` with `JSON.stringify`. The binding
// now checks each value's JS type before napi-rs reads it and reads JSON
// within a budget of values (test/shared.test.mjs; DESIGN.md, "What does
// the randomized garbage run (issue 7) show?").
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { types } from 'node:util'
import { ENTRY } from './entries.mjs'

const [seedText, callsText] = (process.env.FILROUGE_FUZZ ?? '').split(':')
const SEED = Number.parseInt(seedText || '20260330', 10)
const CALLS = Number.parseInt(callsText || '10000', 10)

/** mulberry32: a small seeded generator of floats in [0, 1). */
function generator(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function fuzzer(random) {
  const int = (n) => Math.floor(random() * n)
  const pick = (xs) => xs[int(xs.length)]
  const strings = ['', ' ', 'garbage', '\uD800', 'a\uDC00b', '\uDBFF\uDFFF', '\u0000', 'é'.repeat(3), '2026-02-30', '2026-03-02T25:00:00Z', '2026-03-02', '2026-03-02T09:00:00Z', '-1', '1e309', 'null', 'promoter', 'identified', 'todo', 'pair', 'admin', 'low', 'email', '__proto__', 'constructor']
  const numbers = [0, -0, 1, -1, 1.5, 7, 10, 11, 2 ** 31, 2 ** 53, -(2 ** 63), Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity]
  const scalar = () =>
    pick([
      () => pick(numbers),
      () => pick(strings),
      () => null,
      () => undefined,
      () => random() < 0.5,
      () => BigInt(int(1000)),
      () => Symbol('fuzz'),
      () => () => 1,
      () => new Date(pick([NaN, 0, 8.64e15, -8.64e15, 1772442000000])),
    ])()
  const deep = (depth) => {
    let v = scalar()
    for (let i = 0; i < depth; i++) v = random() < 0.5 ? [v] : { a: v, field: v }
    return v
  }
  const huge = () =>
    pick([
      () => 'x'.repeat(1 << 20),
      () => '\uD83D'.repeat(1 << 16),
      () => new Array(100_000).fill(pick(numbers)),
      () => new Array(20_000).fill({}),
      () => Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])),
    ])()
  const cyclic = () => {
    const o = { id: 'x' }
    o.self = o
    o.list = [o]
    return o
  }
  /** A value of any kind. */
  const value = (depth = 0) =>
    pick([
      scalar,
      scalar,
      () => deep(pick([2, 20, 200, 5000])),
      () => (random() < 0.1 ? huge() : scalar()),
      cyclic,
      () => new Proxy({}, { get() { throw new Error('trap') }, ownKeys() { throw new Error('trap') } }),
      () => ({ get id() { throw new Error('getter') } }),
      () => (depth < 3 ? Array.from({ length: int(4) }, () => value(depth + 1)) : []),
      () => (depth < 3 ? Object.fromEntries(Array.from({ length: int(4) }, () => [pick(strings), value(depth + 1)])) : {}),
    ])()
  /** `good` changed a little: the almost-right record. */
  const mutate = (good, depth = 0) => {
    try {
      return change(good, depth)
    } catch {
      return value() // the value itself throws when copied (a getter)
    }
  }
  const change = (good, depth) => {
    if (Array.isArray(good) && good.length < 1000) {
      if (good.length === 0 || random() < 0.3) return [...good, value()]
      const copy = [...good]
      const i = int(copy.length)
      copy[i] = mutate(copy[i], depth + 1)
      return copy
    }
    if (good !== null && typeof good === 'object' && !types.isProxy(good) && !(good instanceof Date) && Object.getPrototypeOf(good) === Object.prototype) {
      const copy = { ...good }
      const keys = Object.keys(copy)
      const r = random()
      if (r < 0.25 && keys.length > 0) delete copy[pick(keys)]
      else if (r < 0.4) copy[pick(strings) || 'extra'] = value()
      else if (keys.length > 0) {
        const k = pick(keys)
        copy[k] = depth < 4 && random() < 0.6 ? mutate(copy[k], depth + 1) : value()
      }
      return copy
    }
    return random() < 0.5 ? value() : good
  }
  return { int, pick, value, mutate }
}

test(`randomized garbage to every entry point (seed ${SEED}, ${CALLS} calls)`, async () => {
  const random = generator(SEED)
  const { int, value, mutate } = fuzzer(random)
  const codes = new Map()
  let calls = 0
  const entries = process.env.FILROUGE_FUZZ_ASYNC === '0' ? ENTRY.filter(([name]) => !name.endsWith('Async')) : ENTRY
  while (calls < CALLS) {
    const [name, call, params] = entries[int(entries.length)]
    const args = params.map(([v]) => v)
    // One to all arguments replaced: a random value, or the valid one changed a little.
    const n = 1 + int(Math.max(1, args.length))
    for (let k = 0; k < n && args.length > 0; k++) {
      const i = int(args.length)
      args[i] = random() < 0.5 ? mutate(args[i]) : value()
    }
    if (args.length === 0) args.push(value())
    calls++
    if (process.env.FILROUGE_FUZZ_TRACE) process.stderr.write(`${calls} ${name} ${args.map((a) => { try { return Array.isArray(a) ? `array(${a.length}):${typeof a[0]}` : typeof a === "object" && a !== null ? `object:${Object.keys(a).slice(0, 5)}` : typeof a === "string" ? `string(${a.length})` : String(a) } catch { return "?" } }).join(" | ")}\n`)
    let error = null
    try {
      await call(...args)
    } catch (e) {
      error = e
    }
    if (error === null) continue
    const what = `${name} (call ${calls}, seed ${SEED})`
    assert.ok(error instanceof Error, `${what}: threw a non-Error ${String(error)}`)
    assert.equal(typeof error.code, 'string', `${what}: an Error without a code: ${error.stack}`)
    assert.notEqual(error.code, 'internal', `${what}: a caught panic: ${error.message}`)
    codes.set(error.code, (codes.get(error.code) ?? 0) + 1)
  }
  console.log(`fuzz: ${calls} calls over ${entries.length} entry points, seed ${SEED}; errors by code: ${JSON.stringify(Object.fromEntries(codes))}`)
  assert.ok(codes.get('invalid_input') > 0)
})
