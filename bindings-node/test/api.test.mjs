// Conversion, errors and the async calls, through the public JS API.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const f = createRequire(import.meta.url)('../index.js')

const now = '2026-03-02T12:00:00Z'
const call = (over = {}) => ({ id: 'c1', parties: ['cli-1'], advisorId: 'adv-1', channel: 'phone', direction: 'outbound', occurredAt: '2026-03-02T09:00:00Z', durationS: 300, ...over })
const report = (over = {}) => ({ id: 'r1', clientId: 'cli-1', advisorId: 'adv-1', channel: 'phone', initiative: 'outbound', enteredAt: '2026-03-02T09:07:00Z', comment: 'RDV fixé', ...over })

test('instants: a Date, a Z string and an offset string are the same instant', () => {
  const forms = [new Date('2026-03-02T09:00:00Z'), '2026-03-02T09:00:00Z', '2026-03-02T10:00:00+01:00']
  for (const occurredAt of forms) {
    for (const n of [new Date(now), now, '2026-03-02T13:00:00+01:00']) {
      const r = f.reconcile([call({ occurredAt })], [report()], {}, n)
      assert.deepEqual(r.links, [{ reportId: 'r1', contactId: 'c1', rule: 'just_after' }])
    }
  }
})

test('instants: a string without offset, an invalid Date and a number are invalid_input naming the field', () => {
  for (const [bad, field] of [['2026-03-02T09:00:00', 'contacts[0].occurredAt'], [new Date('x'), 'contacts[0].occurredAt'], [1772442000000, 'contacts[0].occurredAt']]) {
    assert.throws(() => f.reconcile([call({ occurredAt: bad })], [], {}, now), (e) => e.code === 'invalid_input' && e.message.startsWith(field))
  }
  assert.throws(() => f.reconcile([], [], {}, 'tomorrow'), (e) => e.code === 'invalid_input' && e.message.startsWith('now:'))
})

test('instants go out as RFC 3339 strings in UTC', () => {
  const h = f.history('cli-1', [call({ occurredAt: '2026-03-02T10:00:00+01:00' })], [report()], null, { coverage: { phone: new Date('2025-01-01T00:00:00Z') } }, now)
  assert.equal(h.entries[0].occurredAt, '2026-03-02T09:00:00Z')
  assert.deepEqual(h.coverage, [{ channel: 'phone', since: '2025-01-01T00:00:00Z' }])
})

test('outputs are plain objects with camelCase fields; absent options are absent keys', () => {
  const h = f.history('cli-1', [call()], [report()], {}, {}, now)
  assert.deepEqual(h, {
    clientId: 'cli-1',
    entries: [{ id: 'c1', kind: 'captured', occurredAt: '2026-03-02T09:00:00Z', channel: 'phone', direction: 'outbound', advisorId: 'adv-1', reportId: 'r1', linkRule: 'just_after', comment: 'RDV fixé', commentTruncated: false, durationS: 300 }],
    coverage: [],
  })
  assert.equal(Object.getPrototypeOf(h), Object.prototype)
})

test('numbers must be whole and in range: never truncated', () => {
  assert.throws(() => f.reconcile([call({ durationS: 1.5 })], [], {}, now), (e) => e.code === 'invalid_input' && /contacts\[0\]\.durationS/.test(e.message))
  assert.throws(() => f.reconcile([call({ durationS: -1 })], [], {}, now), (e) => e.code === 'invalid_input')
  assert.throws(() => f.reconcile([], [], { windowDays: 2 ** 40 }, now), (e) => e.code === 'invalid_input' && /config\.windowDays/.test(e.message))
})

test('enums are lower-snake strings; an unknown one is invalid_input naming the field', () => {
  assert.throws(() => f.reconcile([call({ channel: 'fax' })], [], {}, now), (e) => e.code === 'invalid_input' && /contacts\[0\]/.test(e.message) && /channel/.test(e.message))
  assert.throws(() => f.reconcile([], [], { timeZone: 'Mars/Olympus' }, now), (e) => e.code === 'invalid_input' && /config\.timeZone/.test(e.message))
  assert.throws(() => f.reconcile([], [], { coverage: { fax: now } }, now), (e) => e.code === 'invalid_input' && /config\.coverage/.test(e.message))
})

test('batch rejections come back as data with rule and code, never thrown', () => {
  const r = f.reconcile([call(), call({ id: '', parties: [] })], [report({ comment: 'x'.repeat(5001) }), report({ id: 'r2', entered_at: undefined, channel: 'letter' })], {}, now)
  const codes = r.rejected.map((x) => `${x.rule} ${x.code}`).sort()
  assert.deepEqual(codes, ['R-1.1 comment_too_long', 'R-1.8 unsupported_report_channel', '§0 empty_id'])
  for (const x of r.rejected) assert.equal(typeof x.message, 'string')
})

test('a core error is thrown with its code and a message naming the value', () => {
  assert.throws(
    () => f.history('acme', [], [], { legalEntities: ['acme'] }, {}, now),
    (e) => e instanceof Error && e.code === 'not_a_natural_person' && e.message.includes('"acme"'),
  )
})

test('Reconciler: late call resolves an orphan; state equals reconcile', () => {
  const engine = new f.Reconciler({})
  assert.deepEqual(engine.add([], [report()], '2026-03-02T10:00:00Z'), [{ change: 'orphan_created', reportId: 'r1', status: 'provisional' }])
  assert.deepEqual(engine.reportState('r1'), { state: 'orphan', status: 'provisional' })
  assert.deepEqual(engine.add([call()], [], now), [{ change: 'orphan_resolved', reportId: 'r1', contactId: 'c1', rule: 'just_after' }])
  assert.deepEqual(engine.reconciliation(), f.reconcile([call()], [report()], {}, now))
  assert.equal(engine.reportState('nope'), null)
  assert.equal(engine.history('cli-1').entries[0].reportId, 'r1')
  assert.deepEqual(engine.advance('2026-04-01T00:00:00Z'), [])
})

test('restitution, callOutcome, isPrivateSubject', () => {
  assert.deepEqual(f.restitution(call({ durationS: 30 })), { visible: false, reason: 'short_outbound_call' })
  assert.deepEqual(f.restitution(call({ durationS: 30 }), { minOutboundCallS: 20 }), { visible: true })
  assert.equal(f.callOutcome(call({ direction: 'inbound', answered: false, voicemailAtS: 20, durationS: 25 })), 'voicemail_left')
  assert.equal(f.callOutcome(call()), null)
  assert.equal(f.isPrivateSubject('RE: Perso: rdv', ['Perso']), true)
  assert.equal(f.isPrivateSubject('Personnalisation', ['Perso']), false)
})

test('retention: default policy round-trips, evaluate, Evaluator and expiry agree', () => {
  const policy = f.defaultRetentionPolicy()
  assert.equal(policy.timeZone, 'Europe/Paris')
  assert.ok(policy.rules.some((r) => r.mailSource === 'exchange_outlook' && r.part === 'inline_images' && r.keep.days === 60))
  const rec = { id: 'm1', clientId: 'cli-1', channel: 'email', mailSource: 'exchange_outlook', occurredAt: '2026-01-10T09:00:00Z' }
  const at = '2026-03-20T00:00:00Z'
  const batch = f.evaluate(policy, [rec], [], [], at)
  assert.deepEqual(batch.records[0].purge, ['inline_images'])
  assert.equal(batch.records[0].nextExpiry, '2027-01-10T09:00:00Z')
  const one = new f.Evaluator(null, [], [], at).evaluateOne(rec)
  const { id, ...rest } = batch.records[0]
  assert.equal(id, 'm1')
  assert.deepEqual(one, rest)
  assert.equal(f.expiry(null, 'email', 'exchange_outlook', 'inline_images', rec.occurredAt), '2026-03-11T09:00:00Z')
  assert.equal(f.expiry({ rules: [] }, 'email', null, 'body', rec.occurredAt), null)
  const held = new f.Evaluator(null, ['cli-1'], ['cli-1'], at).verdict('email', 'exchange_outlook', rec.occurredAt, true, true)
  assert.deepEqual(held.purge, [])
  assert.equal(held.nextExpiry, null)
  assert.throws(() => f.evaluate({ rules: [{ part: 'body', keep: { days: 1, years: 1 } }] }, [], [], [], at), (e) => e.code === 'invalid_input' && /policy\.rules\[0\]\.keep/.test(e.message))
  assert.throws(() => new f.Evaluator(null, [], [], at).evaluateOne({ ...rec, clientId: '' }), (e) => e.code === 'empty_reference')
})

// --- async ---------------------------------------------------------------------

function sample(n) {
  const contacts = []
  const reports = []
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.UTC(2026, 2, 2 + (i % 20), 8, (i * 7) % 60))
    contacts.push(call({ id: `c${i}`, parties: [`cli-${i % 500}`], advisorId: `adv-${i % 7}`, occurredAt: at }))
    if (i % 3 === 0) reports.push(report({ id: `r${i}`, clientId: `cli-${i % 500}`, advisorId: `adv-${i % 7}`, enteredAt: new Date(at.getTime() + 6 * 60_000) }))
  }
  return { contacts, reports }
}

test('reconcileAsync resolves to exactly what reconcile returns', async () => {
  const { contacts, reports } = sample(30_000)
  const sync = f.reconcile(contacts, reports, {}, '2026-04-01T00:00:00Z')
  const async_ = await f.reconcileAsync(contacts, reports, {}, '2026-04-01T00:00:00Z')
  assert.ok(sync.links.length > 1000)
  assert.deepEqual(async_, sync)
})

test('reconcileAsync answers the ids the core saw: changed by the caller since they were read, or with a lone surrogate', async () => {
  const { contacts, reports } = sample(3_000)
  const expected = f.reconcile(contacts, reports, {}, now)
  assert.ok(expected.links.length > 100)
  // The write phase reuses the caller's id strings only when they still
  // equal what was read: an id that reads differently the second time
  // must not leak into the result.
  const changing = (record) => {
    const id = record.id
    let reads = 0
    return Object.defineProperty({ ...record }, 'id', { enumerable: true, get: () => (reads++ === 0 ? id : `changed-${id}`) })
  }
  assert.deepEqual(await f.reconcileAsync(contacts.map(changing), reports.map(changing), {}, now), expected)
  const odd = sample(300)
  odd.reports[0].id = 'r\uD800x'
  odd.contacts[0].id = 'c\uDC00'
  const sync = f.reconcile(odd.contacts, odd.reports, {}, now)
  assert.ok(sync.links.some((l) => l.reportId === 'r\uFFFDx' && l.contactId === 'c\uFFFD'))
  assert.deepEqual(await f.reconcileAsync(odd.contacts, odd.reports, {}, now), sync)
})

test('historyAsync and evaluateAsync resolve to what the sync calls return, and reject with the same codes', async () => {
  const { contacts, reports } = sample(5_000)
  assert.deepEqual(await f.historyAsync('cli-3', contacts, reports, {}, {}, now), f.history('cli-3', contacts, reports, {}, {}, now))
  const records = contacts.map((c) => ({ id: c.id, clientId: c.parties[0], channel: c.channel, occurredAt: c.occurredAt }))
  assert.deepEqual(await f.evaluateAsync(null, records, ['cli-1'], ['cli-2'], '2029-01-01T00:00:00Z'), f.evaluate(null, records, ['cli-1'], ['cli-2'], '2029-01-01T00:00:00Z'))
  await assert.rejects(f.historyAsync('acme', [], [], { legalEntities: ['acme'] }, {}, now), (e) => e.code === 'not_a_natural_person')
  await assert.rejects(f.reconcileAsync(contacts.concat([{ id: 7 }]), reports, {}, now), (e) => e.code === 'invalid_input' && /contacts\[5000\]/.test(e.message))
})

test('the event loop keeps turning while reconcileAsync works', async () => {
  const { contacts, reports } = sample(60_000)
  let ticks = 0
  const timer = setInterval(() => ticks++, 1)
  const t0 = performance.now()
  f.reconcile(contacts, reports, {}, now) // the sync call: no tick can happen during it
  const ticksDuringSync = ticks
  const syncMs = performance.now() - t0
  await new Promise((r) => setImmediate(r))
  ticks = 0
  await f.reconcileAsync(contacts, reports, {}, now)
  clearInterval(timer)
  assert.equal(ticksDuringSync, 0)
  // Not a timing target (those live in bench/): only that timers ran in between.
  assert.ok(ticks >= 2, `timers ran ${ticks} times during the async call (the sync one took ${syncMs.toFixed(0)} ms)`)
})

test('concurrent async calls do not mix their results', async () => {
  const a = sample(3_000)
  const b = sample(4_000)
  const [ra, rb] = await Promise.all([f.reconcileAsync(a.contacts, a.reports, {}, now), f.reconcileAsync(b.contacts, b.reports, {}, now)])
  assert.deepEqual(ra, f.reconcile(a.contacts, a.reports, {}, now))
  assert.deepEqual(rb, f.reconcile(b.contacts, b.reports, {}, now))
})

// --- conditions ------------------------------------------------------------------

test('Condition: parse, evaluate, fields, toJSON, and errors with code and path', () => {
  const json = { any: [{ field: 'tags', op: 'contains', value: 'export' }, { not: { field: 'created_on', op: 'lt', value: '2020-01-01' } }] }
  const c = f.Condition.parse(json)
  assert.equal(c.evaluate({ tags: ['bio'], created_on: '2021-06-30' }), true)
  assert.equal(c.evaluate({ tags: ['bio'], created_on: '2019-06-30' }), false)
  assert.deepEqual(c.fields(), ['tags', 'created_on'])
  assert.deepEqual(JSON.parse(JSON.stringify(c)), json)
  assert.equal(typeof c.toString(), 'string')
  assert.throws(() => c.evaluate({ tags: 'export', created_on: 2021 }), (e) => e instanceof Error && e.code === 'type_mismatch' && e.path === '$.any[1].not')
  assert.throws(() => f.Condition.parse({ all: [{ field: 'x', op: 'between', value: [9, 1] }] }), (e) => e.code === 'between_reversed' && e.path === '$.all[0].value')
  const cycle = { all: [] }
  cycle.all.push(cycle)
  assert.throws(() => f.Condition.parse(cycle), (e) => e.code === 'invalid_input' && /deeper/.test(e.message))
  assert.throws(() => f.Condition.parse({ field: 'x', op: 'eq', value: () => 1 }), (e) => e.code === 'invalid_input' && /json\.value/.test(e.message))
})

test('Reconciler.addAsync: same changes and state as add; the engine is busy meanwhile', async () => {
  const { contacts, reports } = sample(20_000)
  const a = new f.Reconciler({})
  const b = new f.Reconciler({})
  const half = contacts.length / 2
  const syncChanges = [a.add(contacts.slice(0, half), reports, now), a.add(contacts.slice(half), [], now)]
  const pending = b.addAsync(contacts.slice(0, half), reports, now)
  assert.throws(() => b.reconciliation(), (e) => e.code === 'busy')
  await assert.rejects(b.addAsync([], [], now), (e) => e.code === 'busy')
  const first = await pending
  const second = await b.addAsync(contacts.slice(half), [], now)
  assert.deepEqual([first, second], syncChanges)
  assert.ok(first.length > 1000)
  assert.deepEqual(b.reconciliation(), a.reconciliation())
  // A failed addAsync frees the engine too.
  await assert.rejects(b.addAsync([{ id: 1 }], [], now), (e) => e.code === 'invalid_input')
  assert.deepEqual(b.reconciliation(), a.reconciliation())
})

// --- scoring (SPEC §5) --------------------------------------------------------

const routineJson = {
  id: 'r-it', title: 'IT services', users: ['u-anne'], notify_at: 70,
  mandatory: [{ field: 'naf', op: 'starts_with', value: '62' }],
  weighted: [{ weight: 'important', condition: { field: 'headcount', op: 'ge', value: 10 } }],
}
const companies = (n) => Array.from({ length: n }, (_, i) => ({ id: `c${String(i).padStart(6, '0')}`, naf: i % 3 ? '62.01Z' : '47.11Z', headcount: i % 20 }))

test('score: a Routine or its JSON, ranked and explained, refusals as data', () => {
  const routine = f.Routine.parse(routineJson)
  assert.equal(routine.id, 'r-it')
  assert.equal(routine.notifyAt, 70)
  assert.deepEqual(routine.toJSON().users, ['u-anne'])
  const rows = [{ id: 'a', naf: '62.01Z', headcount: 12, extra: [1, 2] }, { id: 'b', naf: '47.11Z' }, { naf: '62' }]
  const r = f.score(routine, rows)
  assert.deepEqual(r.ranking, [{ companyId: 'a', score: 70, raw: 70, matched: [{ criterion: 0, weight: 'important', added: 30 }] }])
  assert.deepEqual(r.excluded, ['b'])
  assert.equal(r.rejected[0].code, 'missing_id')
  assert.deepEqual(f.score(routineJson, rows), r)
  assert.deepEqual(f.scoreTable(routine, new f.Companies(rows)), r)
})

test('Routine.parse: a condition error keeps its code and its path within the routine', () => {
  const bad = { ...routineJson, weighted: [{ weight: 'important', condition: { field: 'x', op: 'between', value: [3, 1] } }] }
  assert.throws(() => f.Routine.parse(bad), (e) => e.code === 'between_reversed' && e.path === '$.weighted[0].condition.value')
  assert.throws(() => f.Routine.parse({ id: 'r' }), (e) => e.code === 'invalid_routine')
  assert.throws(() => f.score(bad, []), (e) => e.code === 'between_reversed')
})

test('scoreAsync resolves to what score returns, and rejects with the same codes', async () => {
  const rows = companies(20_000)
  assert.deepEqual(await f.scoreAsync(routineJson, rows), f.score(routineJson, rows))
  await assert.rejects(f.scoreAsync({ id: '' }, rows), (e) => e.code === 'invalid_routine')
  await assert.rejects(f.scoreAsync(routineJson, [...rows, 7]), (e) => e.code === 'invalid_input' && /companies\[20000\]/.test(e.message))
})

test('rescore: entered, left, changed, crossed', () => {
  const r = f.rescore(routineJson, [{ companyId: 'a', score: 40 }, { companyId: 'gone', score: 50 }], [{ id: 'a', naf: '62.01Z', headcount: 12 }])
  assert.deepEqual(r.crossed, ['a'])
  assert.deepEqual(r.left, ['gone'])
  assert.deepEqual(r.changed, [{ companyId: 'a', from: 40, to: 70 }])
  assert.throws(() => f.rescore(routineJson, [{ companyId: 'a', score: 4.5 }], []), (e) => e.code === 'invalid_input' && /previous\[0\]\.score/.test(e.message))
})

test('Tags and Directory: R-5.4 and R-5.5 through the classes; a wrong class is refused', () => {
  const dir = new f.Directory()
  assert.equal(dir.defineRoutine(f.Routine.parse(routineJson)), 'r-it')
  assert.deepEqual(dir.visibleRoutines('u-anne'), ['r-it'])
  assert.equal(dir.setDefaultRoutine('u-anne', 'r-it'), null)
  assert.throws(() => dir.setDefaultRoutine('u-bob', 'r-it'), (e) => e.code === 'routine_not_visible')
  assert.throws(() => dir.assign('nope', ['u-bob']), (e) => e.code === 'unknown_routine')
  const tags = new f.Tags()
  assert.deepEqual(tags.setTag('a', 'r-it', 'client'), { tag: 'client', exClient: false })
  assert.deepEqual(tags.setTag('a', 'r-it', null), { tag: null, exClient: true })
  assert.deepEqual(tags.followupPut(dir, 'u-anne', 'a'), { routineId: 'r-it', from: null, to: 'prospect', changed: true })
  assert.throws(() => tags.setTag('', 'r-it', 'client'), (e) => e.code === 'empty_id')
  assert.throws(() => tags.followupPut(f.Condition.parse({ field: 'x', op: 'exists' }), 'u-anne', 'a'), (e) => e.code === 'invalid_input')
  assert.throws(() => tags.followupPut(new f.Tags(), 'u-anne', 'a'), (e) => e.code === 'invalid_input')
})
