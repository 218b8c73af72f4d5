// Objects sharing sub-objects (issue 7): `{a: v, field: v}` nested 40
// times is a few hundred bytes, but 2^41 values when walked as a tree.
// napi-rs 3.4.0 formats a value it fails to read as a `String` with
// `JSON.stringify` (which never returns on it), so the binding checks each
// value's JS type before napi-rs reads it; its own JSON reader stops after a
// budget of values read (MAX_JSON_NODES). Here such a value goes where a
// string, a string enum, a record field, a list element, an instant and a
// JSON value are expected, through sync functions, constructors, methods and
// async calls: each must come back as an `invalid_input` Error naming the
// field, and soon.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { now, contact } from './entries.mjs'

const f = createRequire(import.meta.url)('../index.js')

/** `{a: v, field: v}` nested `depth` times around `leaf`: one object per level. */
const shared = (depth = 40, leaf = 'x') => {
  let v = leaf
  for (let i = 0; i < depth; i++) v = { a: v, field: v }
  return v
}
const D = shared()
const report = { id: 'r1', clientId: 'cli-1', advisorId: 'adv-1', channel: 'phone', initiative: 'outbound', enteredAt: '2026-03-02T09:07:00Z' }
const record = { id: 'm1', clientId: 'cli-1', channel: 'email', mailSource: 'exchange_outlook', occurredAt: '2026-01-10T09:00:00Z' }
const routine = { id: 'r-it', title: 'IT', users: ['u-anne'], mandatory: [], weighted: [] }
const followup = { targetId: 't1', assignees: ['adv-1'], due: '2026-03-02', priority: 'high' }
const directory = () => {
  const d = new f.Directory()
  d.defineRoutine(routine)
  return d
}

// [where the value goes, the call, the field the message must name]
const CASES = [
  // a string argument
  ['string: isPrivateSubject', () => f.isPrivateSubject(D, []), /^subject: expected a string, got an object/],
  ['string: Tags.tagOf (method)', () => new f.Tags().tagOf(D, 'r-it'), /^companyId: /],
  ['string: Reconciler.reportState (method)', () => new f.Reconciler().reportState(D), /^reportId: /],
  ['string: historyAsync (async)', () => f.historyAsync(D, [], [], null, null, now), /^clientId: /],
  // a string-enum argument
  ['enum: expiry', () => f.expiry(null, D, null, 'body', now), /^channel: expected a string \(Channel\), got an object/],
  ['enum: Tags.setTag (method)', () => new f.Tags().setTag('c1', 'r-it', D), /^tag: /],
  ['enum: Directory.setLicence (method)', () => directory().setLicence('u-bob', D), /^licence: /],
  ['enum: Evaluator.verdict (method)', () => new f.Evaluator(null, [], [], now).verdict(D, null, now, false, false), /^channel: /],
  // a field of a record
  ['record string field: reconcile', () => f.reconcile([{ ...contact, id: D }], [], null, now), /^contacts\[0\]\.id: expected a string/],
  ['record enum field: reconcile', () => f.reconcile([{ ...contact, channel: D }], [], null, now), /^contacts\[0\]\.channel: /],
  ['record optional string field: reconcile', () => f.reconcile([], [{ ...report, motive: D }], null, now), /^reports\[0\]\.motive: /],
  ['record instant field: reconcile', () => f.reconcile([{ ...contact, occurredAt: D }], [], null, now), /^contacts\[0\]\.occurredAt: /],
  ['option field: reconcile config.timeZone', () => f.reconcile([], [], { timeZone: D }, now), /^config\.timeZone: /],
  ['nested option field: new Reconciler (constructor)', () => new f.Reconciler({ restitution: { minOutboundCallS: D } }), /^config\.restitution\.minOutboundCallS: /],
  ['nested enum field: evaluate policy.rules[0].part', () => f.evaluate({ rules: [{ part: D }] }, [], [], [], now), /^policy\.rules\[0\]\.part: /],
  ['option field: new Evaluator (constructor)', () => new f.Evaluator({ timeZone: D }, [], [], now), /^policy\.timeZone: /],
  ['record field: rescore previous[0].companyId', () => f.rescore(routine, [{ companyId: D, score: 40 }], []), /^previous\[0\]\.companyId: /],
  ['record field: reconcileAsync (async)', () => f.reconcileAsync([{ ...contact, direction: D }], [], null, now), /^contacts\[0\]\.direction: /],
  ['record field: evaluateAsync (async)', () => f.evaluateAsync(null, [{ ...record, mailSource: D }], [], [], now), /^records\[0\]\.mailSource: /],
  ['record field: Reconciler.addAsync (async method)', () => new f.Reconciler().addAsync([], [{ ...report, clientId: D }], now), /^reports\[0\]\.clientId: /],
  // an element of a list
  ['list element: isPrivateSubject words', () => f.isPrivateSubject('Perso', [D]), /^words\[0\]: expected a string/],
  ['list element: evaluate holds', () => f.evaluate(null, [], [D], [], now), /^holds\[0\]: /],
  ['list element in a record: reconcile parties', () => f.reconcile([{ ...contact, parties: ['cli-1', D] }], [], null, now), /^contacts\[0\]\.parties\[1\]: expected a string/],
  ['list element in an option: history options.holds', () => f.history('cli-1', [], [], { holds: [D] }, null, now), /^options\.holds\[0\]: /],
  ['list element in an option: restitution filters', () => f.restitution(contact, { excludedSubjectWords: [D] }), /^filters\.excludedSubjectWords\[0\]: /],
  ['list element: Directory.assign (method)', () => directory().assign('r-it', [D]), /^users\[0\]: /],
  ['list element: new Evaluator holds (constructor)', () => new f.Evaluator(null, [D], [], now), /^holds\[0\]: /],
  // an instant
  ['instant: reconcile now', () => f.reconcile([], [], null, D), /^now: expected a Date or an ISO-8601 string/],
  // a JSON value (read by the binding's own reader, within its budget)
  ['JSON: Condition.parse', () => f.Condition.parse(D), /^json[.\w]*: too many values to read/],
  ['JSON: Condition.evaluate (method)', () => f.Condition.parse({ field: 'x', op: 'eq', value: 1 }).evaluate(D), /^record[.\w]*: too many values/],
  ['JSON: Routine.parse', () => f.Routine.parse(D), /too many values/],
  ['JSON: score companies[0]', () => f.score(routine, [shared(40, 1)]), /^companies\[0\]: .*too many values/],
  ['JSON: scoreAsync companies (async)', () => f.scoreAsync(routine, [shared(40, 1), shared(40, 1)]), /^companies\[0\]: .*too many values/],
  ['JSON: new Companies (constructor)', () => new f.Companies([shared(40, 1)]), /^rows\[0\]: .*too many values/],
  ['JSON: merge (serde record)', () => f.merge({ ...followup, targetId: D }, followup), /^a[.\w]*: too many values/],
  ['JSON: listsAsync follow-ups (async)', () => f.listsAsync([{ ...followup, targetId: D }], null, 'adv-1', '2026-03-02', null), /^followups\[0\]: .*too many values/],
]

/** The error thrown or rejected by `call`, and how long it took. */
async function outcome(call) {
  const t0 = performance.now()
  try {
    await call()
  } catch (e) {
    return { error: e, ms: performance.now() - t0 }
  }
  return { error: null, ms: performance.now() - t0 }
}

for (const [where, call, names] of CASES) {
  test(`a shared-object value as ${where}: invalid_input, soon`, async () => {
    const { error, ms } = await outcome(call)
    assert.ok(error instanceof Error, `expected an Error, got ${String(error)}`)
    assert.equal(error.code, 'invalid_input', error.message)
    assert.match(error.message, names)
    // The type checks answer in microseconds; the JSON reader reads at most
    // MAX_JSON_NODES values (about a second on CI's debug addon). Either
    // way far from the 2^41 reads of a walk to the end.
    const bound = where.startsWith('JSON') ? 30_000 : 5_000
    assert.ok(ms < bound, `${ms.toFixed(0)} ms`)
  })
}

test('a list of many shared-object values shares one budget: the cost stays bounded', async () => {
  const companies = new Array(1000).fill(shared(40, 1))
  const { error, ms } = await outcome(() => f.score(routine, companies))
  assert.equal(error?.code, 'invalid_input')
  assert.match(error.message, /too many values/)
  assert.ok(ms < 30_000, `${ms.toFixed(0)} ms`)
})

test('shared objects within the budget are read as trees', () => {
  // A company row whose fields share one object: read once per path, as JSON.stringify would.
  const tags = { x: 1 }
  const got = f.score({ ...routine, mandatory: [{ field: 'a.x', op: 'exists' }] }, [{ id: 'c1', a: tags, b: tags }])
  assert.equal(got.rejected.length, 0)
  // A shallow shared DAG (2^11 values) is fine.
  assert.equal(f.Condition.parse({ any: [{ field: 'x', op: 'eq', value: 1 }] }).evaluate({ x: 1, y: shared(10, 2) }), true)
})
