// Garbage input for every entry point: it throws (or rejects) a coded
// Error, it never crashes the process. node --test runs this file in its
// own process: a crash fails it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { ENTRY, now, contact, cyclic, throwing, trap } from './entries.mjs'

const f = createRequire(import.meta.url)('../index.js')

/** Values no argument kind accepts (each a function, to get a fresh copy). */
const GARBAGE = {
  number: () => 42,
  nan: () => NaN,
  bigint: () => 10n,
  boolean: () => true,
  symbol: () => Symbol('s'),
  function: () => () => 1,
  date: () => new Date('nonsense'),
  cyclic,
  throwingGetter: throwing,
  proxy: trap,
}
/** Values some kinds accept. */
const MAYBE = {
  null: () => null,
  undefined: () => undefined,
  string: () => 'garbage',
  object: () => ({}),
  array: () => [],
  listOfNull: () => [null],
  listOfNumbers: () => [1, 2, 3],
  listOfEmptyObjects: () => [{}],
  listOfCycles: () => [cyclic(), cyclic()],
  listOfThrowing: () => [throwing()],
  hugeWrongShape: () => new Array(200_000).fill(7),
  hugeSparse: () => new Array(1_000_000),
  hugeWrongLast: () => [...new Array(50_000).fill(contact), { ...contact, occurredAt: 'not a date' }],
}

/** Which MAYBE values each kind of argument accepts. */
const ACCEPTS = {
  list: ['array'],
  'list?': ['array', 'null', 'undefined'],
  // Options objects ignore keys they do not know (see DESIGN.md), so an
  // object without a known key (a Date, a cycle of unknown keys) is `{}`.
  'object?': ['object', 'null', 'undefined', 'date', 'cyclic', 'throwingGetter'],
  object: [],
  instant: [],
  string: ['string'],
  'enum?': ['null', 'undefined'],
  enum: [],
  bool: ['boolean'],
  strings: ['array'],
  // A condition is any JSON: JSON values get the core's own codes (below).
  json: ['null', 'undefined', 'string', 'object', 'array', 'listOfNull', 'listOfNumbers', 'listOfEmptyObjects', 'hugeWrongShape', 'hugeSparse', 'hugeWrongLast', 'number', 'boolean', 'proxy'],
  // A flat record; a Proxy without an ownKeys trap has no keys: it is {}.
  record: ['object', 'proxy'],
  // A routine: a Routine, or any JSON object the core then validates.
  routine: ['object', 'array', 'proxy', 'listOfNull', 'listOfNumbers', 'listOfEmptyObjects', 'hugeWrongShape', 'hugeSparse', 'hugeWrongLast'],
  // Companies: the host's flat rows; a row without a text id comes back in `rejected`.
  companies: ['array', 'listOfEmptyObjects', 'hugeWrongLast'],
  'companies?': ['array', 'null', 'undefined', 'listOfEmptyObjects', 'hugeWrongLast'],
  // Routine.parse takes any JSON, like Condition.parse: the core refuses the wrong shapes.
  routineJson: ['null', 'undefined', 'string', 'object', 'array', 'listOfNull', 'listOfNumbers', 'listOfEmptyObjects', 'hugeWrongShape', 'hugeSparse', 'hugeWrongLast', 'number', 'boolean', 'proxy'],
  // An id the core may refuse with its own code (an unknown routine).
  id: ['string'],
  // A class instance (Directory, Companies): nothing else is accepted.
  instance: [],
  // Records read through the core's serde shapes (follow-ups, reveal,
  // triggers, pipeline): a required record accepts nothing here; an
  // options record (every field defaulted) accepts {} (and a Proxy without
  // keys); a map by id likewise.
  rec: [],
  'rec?': ['object', 'null', 'undefined', 'proxy'],
  'map?': ['object', 'null', 'undefined', 'proxy'],
  // A local date (YYYY-MM-DD), a whole number.
  date: [],
  'date?': ['null', 'undefined'],
  count: ['number'],
  // An NPS answer is any JSON: the core refuses what is not a score 0–10.
  nps: ['null', 'undefined', 'string', 'object', 'array', 'listOfNull', 'listOfNumbers', 'listOfEmptyObjects', 'hugeWrongShape', 'hugeSparse', 'hugeWrongLast', 'number', 'boolean', 'proxy'],
  // Lists the core may refuse whole when empty (empty_cadence, no_assignee).
  steps: ['array'],
  assignees: ['array'],
  // A required record whose fields all have defaults.
  'rec{}': ['object', 'proxy'],
  // A cursor (opaque; the core refuses a wrong one with bad_cursor).
  'cursor?': ['null', 'undefined', 'string'],
}
/** Kinds whose JSON values are refused by the core with its own codes. */
const CORE_CODES = {
  routine: /^(invalid_routine)$/,
  routineJson: /^(invalid_routine)$/,
  id: /^(unknown_routine|routine_not_visible|unknown_target|not_assigned|empty_user|unknown_organisation|no_account)$/,
  'cursor?': /^(bad_cursor)$/,
  count: /^(empty_cadence)$/,
  steps: /^(empty_cadence)$/,
  nps: /^(invalid_nps_answer)$/,
  assignees: /^(no_assignee)$/,
  json: /^(invalid_condition|unknown_key|missing_key|invalid_field|unknown_operator|missing_value|unexpected_value|invalid_value|not_a_list|mixed_list|between_not_a_pair|between_reversed|invalid_date|too_deep)$/,
}

/** Calls `call`; returns 'ok' or the thrown/rejected error. */
async function outcome(call) {
  try {
    await call()
    return 'ok'
  } catch (e) {
    return e
  }
}

for (const [name, call, params] of ENTRY) {
  test(`${name}: valid arguments work`, async () => {
    assert.equal(await outcome(() => call(...params.map(([v]) => v))), 'ok')
  })
  test(`${name}: garbage in any argument throws invalid_input, never crashes`, async () => {
    let checked = 0
    for (let i = 0; i < params.length; i++) {
      const kind = params[i][1]
      const values = { ...GARBAGE, ...MAYBE }
      for (const [label, make] of Object.entries(values)) {
        const args = params.map(([v]) => v)
        args[i] = make()
        const got = await outcome(() => call(...args))
        if (ACCEPTS[kind].includes(label)) {
          // Accepted by the binding; the core may still refuse it with its own code.
          if (got !== 'ok') assert.match(String(got.code), CORE_CODES[kind] ?? /^$/, `${name} arg ${i} = ${label}: ${got.code} ${got.message}`)
          continue
        }
        assert.ok(got instanceof Error, `${name} arg ${i} = ${label}: expected an Error, got ${String(got)}`)
        assert.equal(got.code, 'invalid_input', `${name} arg ${i} = ${label}: ${got.code} ${got.message}`)
        assert.match(got.message, /\S+: /, `${name} arg ${i} = ${label}: the message names the field`)
        checked++
      }
    }
    assert.ok(checked > 0)
  })
}

test('an async call on garbage rejects, it does not throw synchronously', () => {
  const p = f.reconcileAsync(42, null, 'x', 'y')
  assert.ok(p instanceof Promise)
  return assert.rejects(p, (e) => e.code === 'invalid_input')
})

test('the process survived everything above', () => {
  assert.equal(f.reconcile([], [], null, now).links.length, 0)
})
