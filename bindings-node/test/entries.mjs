// Every entry point of the binding with valid arguments and the kind of
// each argument: shared by the garbage-input tests (garbage.test.mjs, per
// kind) and the randomized one (fuzz.test.mjs).
import { createRequire } from 'node:module'

const f = createRequire(import.meta.url)('../index.js')

export const now = '2026-03-02T12:00:00Z'
export const contact = { id: 'c1', parties: ['cli-1'], advisorId: 'adv-1', channel: 'phone', direction: 'outbound', occurredAt: '2026-03-02T09:00:00Z', durationS: 300 }
const report = { id: 'r1', clientId: 'cli-1', advisorId: 'adv-1', channel: 'phone', initiative: 'outbound', enteredAt: '2026-03-02T09:07:00Z' }
const record = { id: 'm1', clientId: 'cli-1', channel: 'email', mailSource: 'exchange_outlook', occurredAt: '2026-01-10T09:00:00Z' }

export const cyclic = () => {
  const a = { id: 'x' }
  a.self = a
  a.parties = [a]
  a.channel = a
  return a
}
export const throwing = () => ({ get id() { throw new Error('boom from a getter') } })
export const trap = () => new Proxy({}, { get() { throw new TypeError('boom from a proxy') } })

const routineJson = { id: 'r-it', title: 'IT', users: ['u-anne'], mandatory: [{ field: 'naf', op: 'starts_with', value: '62' }], weighted: [{ weight: 'important', condition: { field: 'headcount', op: 'ge', value: 10 } }] }
const company = { id: '552100554', naf: '62.01Z', headcount: 12 }
const directory = () => {
  const d = new f.Directory()
  d.defineRoutine(routineJson)
  return d
}

const followup = { targetId: 't1', assignees: ['adv-1'], due: '2026-03-02', priority: 'high' }
const book = () => {
  const b = new f.FollowUpBook()
  b.put(followup)
  return b
}
const steps = [{ offset: { days: 7 } }, { offset: { weeks: 2 }, from: 'previous_done' }]
const run = new f.Cadence(steps).start('t1', ['adv-1'], '2026-03-02').run

const ctx = { portal: 'p1', kind: 'resource', id: 'res-1' }
const event = { event: 'recommended', at: now, tenant: 't1', context: ctx, requester: 'req-1', contact: 'exp-1' }
const ledger = () => f.RevealLedger.fromEvents(null, [event])
const revealRequest = { key: 'k1', tenant: 't1', viewer: 'req-1', role: 'requester', subject: 'exp-1', context: ctx, at: now }
const diagnosticRequest = { tenant: 't1', project: { ...ctx, kind: 'project' }, actor: 'staff-1', role: 'staff', at: now }

const trigger = { id: 'trg-1', name: 'Detractor', conditions: [{ field: 'q1', op: 'le', value: 6 }], action: { type: 'create_contact' }, mapping: { email: { from: 'respondent', field: 'email' } } }
const survey = { id: 'sv-1', title: 'Satisfaction' }
const response = { id: 'resp-1', surveyId: 'sv-1', submittedAt: now, respondent: { id: 'p-1', email: 'a@b.c' }, answers: { q1: 3 } }
const sendRequest = { clientId: 'cli-1', surveyId: 'sv-1', kind: 'satisfaction', at: now }

const organisation = { id: 'org-1', name: 'Mairie', kind: 'public_body' }
const pipeline = () => {
  const p = new f.Pipeline()
  p.create(organisation, 'adv-1', '2026-03-01T09:00:00Z')
  return p
}
const accountPipeline = () => {
  const p = pipeline()
  p.moveTo('org-1', 'documentation_sent', 'adv-1', '2026-03-01T10:00:00Z')
  p.moveTo('org-1', 'account_created', 'adv-1', now)
  return p
}

/** Every entry point: how to call it, and the kind of each argument. */
export const ENTRY = [
  ['reconcile', (...a) => f.reconcile(...a), [[[contact], 'list'], [[report], 'list'], [{}, 'object?'], [now, 'instant']]],
  ['reconcileAsync', (...a) => f.reconcileAsync(...a), [[[contact], 'list'], [[report], 'list'], [{}, 'object?'], [now, 'instant']]],
  ['history', (...a) => f.history(...a), [['cli-1', 'string'], [[contact], 'list'], [[report], 'list'], [{}, 'object?'], [{}, 'object?'], [now, 'instant']]],
  ['historyAsync', (...a) => f.historyAsync(...a), [['cli-1', 'string'], [[contact], 'list'], [[report], 'list'], [{}, 'object?'], [{}, 'object?'], [now, 'instant']]],
  ['restitution', (...a) => f.restitution(...a), [[contact, 'object'], [{}, 'object?']]],
  ['callOutcome', (...a) => f.callOutcome(...a), [[contact, 'object']]],
  ['isPrivateSubject', (...a) => f.isPrivateSubject(...a), [['Perso: rdv', 'string'], [['Perso'], 'strings']]],
  ['evaluate', (...a) => f.evaluate(...a), [[{}, 'object?'], [[record], 'list'], [[], 'list?'], [[], 'list?'], [now, 'instant']]],
  ['evaluateAsync', (...a) => f.evaluateAsync(...a), [[{}, 'object?'], [[record], 'list'], [[], 'list?'], [[], 'list?'], [now, 'instant']]],
  ['expiry', (...a) => f.expiry(...a), [[{}, 'object?'], ['email', 'enum'], ['exchange_outlook', 'enum?'], ['body', 'enum'], [now, 'instant']]],
  ['new Reconciler', (...a) => new f.Reconciler(...a), [[{}, 'object?']]],
  ['Reconciler.add', (...a) => new f.Reconciler().add(...a), [[[contact], 'list?'], [[report], 'list?'], [now, 'instant']]],
  ['Reconciler.addAsync', (...a) => new f.Reconciler().addAsync(...a), [[[contact], 'list'], [[report], 'list'], [now, 'instant']]],
  ['Reconciler.advance', (...a) => new f.Reconciler().advance(...a), [[now, 'instant']]],
  ['Reconciler.reportState', (...a) => new f.Reconciler().reportState(...a), [['r1', 'string']]],
  ['Reconciler.history', (...a) => new f.Reconciler().history(...a), [['cli-1', 'string'], [{}, 'object?']]],
  ['new Evaluator', (...a) => new f.Evaluator(...a), [[{}, 'object?'], [[], 'list?'], [[], 'list?'], [now, 'instant']]],
  ['Evaluator.evaluateOne', (...a) => new f.Evaluator(null, [], [], now).evaluateOne(...a), [[record, 'object']]],
  ['Condition.parse', (...a) => f.Condition.parse(...a), [[{ field: 'x', op: 'eq', value: 1 }, 'json']]],
  ['Condition.evaluate', (...a) => f.Condition.parse({ field: 'x', op: 'eq', value: 1 }).evaluate(...a), [[{ x: 1 }, 'record']]],
  ['Routine.parse', (...a) => f.Routine.parse(...a), [[routineJson, 'routineJson']]],
  ['score', (...a) => f.score(...a), [[routineJson, 'routine'], [[company], 'companies']]],
  ['scoreAsync', (...a) => f.scoreAsync(...a), [[routineJson, 'routine'], [[company], 'companies']]],
  ['rescore', (...a) => f.rescore(...a), [[routineJson, 'routine'], [[{ companyId: '552100554', score: 40 }], 'list'], [[company], 'companies']]],
  ['new Companies', (...a) => new f.Companies(...a), [[[company], 'companies?']]],
  ['Companies.push', (...a) => new f.Companies().push(...a), [[company, 'record']]],
  ['scoreTable', (...a) => f.scoreTable(...a), [[routineJson, 'routine'], [new f.Companies([company]), 'instance']]],
  ['Tags.tagOf', (...a) => new f.Tags().tagOf(...a), [['552100554', 'string'], ['r-it', 'string']]],
  ['Tags.setTag', (...a) => new f.Tags().setTag(...a), [['552100554', 'string'], ['r-it', 'string'], ['suspect', 'enum?']]],
  ['Tags.markExClient', (...a) => new f.Tags().markExClient(...a), [['552100554', 'string'], ['r-it', 'string'], [true, 'bool']]],
  ['Tags.followupPut', (...a) => new f.Tags().followupPut(...a), [[directory(), 'instance'], ['u-anne', 'string'], ['552100554', 'string']]],
  ['Directory.defineRoutine', (...a) => new f.Directory().defineRoutine(...a), [[routineJson, 'routine']]],
  ['Directory.assign', (...a) => directory().assign(...a), [['r-it', 'id'], [['u-bob'], 'strings']]],
  ['Directory.removeRoutine', (...a) => directory().removeRoutine(...a), [['r-it', 'string']]],
  ['Directory.setLicence', (...a) => directory().setLicence(...a), [['u-bob', 'string'], ['manager', 'enum']]],
  ['Directory.licence', (...a) => directory().licence(...a), [['u-bob', 'string']]],
  ['Directory.canSee', (...a) => directory().canSee(...a), [['u-anne', 'string'], ['r-it', 'string']]],
  ['Directory.visibleRoutines', (...a) => directory().visibleRoutines(...a), [['u-anne', 'string']]],
  ['Directory.setDefaultRoutine', (...a) => directory().setDefaultRoutine(...a), [['u-anne', 'id'], ['r-it', 'id']]],
  ['Directory.clearDefaultRoutine', (...a) => directory().clearDefaultRoutine(...a), [['u-anne', 'string']]],
  ['Directory.defaultRoutine', (...a) => directory().defaultRoutine(...a), [['u-anne', 'string']]],
  ['Evaluator.verdict', (...a) => new f.Evaluator(null, [], [], now).verdict(...a), [['email', 'enum'], [null, 'enum?'], [now, 'instant'], [false, 'bool'], [false, 'bool']]],
  ['merge', (...a) => f.merge(...a), [[followup, 'rec'], [{ ...followup, assignees: ['adv-2'] }, 'rec']]],
  ['unassign', (...a) => f.unassign(...a), [[followup, 'rec'], ['adv-1', 'id']]],
  ['lateness', (...a) => f.lateness(...a), [[followup, 'rec'], ['2026-03-02', 'date']]],
  ['draftBuild', (...a) => f.draftBuild(...a), [[{ targetId: 't1', creator: 'adv-1' }, 'rec'], ['2026-03-02', 'date']]],
  ['lists', (...a) => f.lists(...a), [[[followup], 'list'], [{ t1: { tags: ['vip'] } }, 'map?'], ['adv-1', 'id'], ['2026-03-02', 'date'], [{}, 'rec?']]],
  ['listsAsync', (...a) => f.listsAsync(...a), [[[followup], 'list'], [{ t1: { tags: ['vip'] } }, 'map?'], ['adv-1', 'id'], ['2026-03-02', 'date'], [{}, 'rec?']]],
  ['dayPlan', (...a) => f.dayPlan(...a), [[[followup], 'list'], [{}, 'map?'], ['adv-1', 'id'], ['2026-03-02', 'date'], [{}, 'rec?'], [{ maxSuspects: 2 }, 'rec?']]],
  ['dayPlanAsync', (...a) => f.dayPlanAsync(...a), [[[followup], 'list'], [{}, 'map?'], ['adv-1', 'id'], ['2026-03-02', 'date'], [{}, 'rec?'], [{ maxSuspects: 2 }, 'rec?']]],
  ['FollowUpBook.get', (...a) => book().get(...a), [['t1', 'string']]],
  ['FollowUpBook.contains', (...a) => book().contains(...a), [['t1', 'string']]],
  ['FollowUpBook.put', (...a) => book().put(...a), [[followup, 'rec']]],
  ['FollowUpBook.putAll', (...a) => book().putAll(...a), [[[followup], 'list']]],
  ['FollowUpBook.unassign', (...a) => book().unassign(...a), [['t1', 'id'], ['adv-1', 'id']]],
  ['FollowUpBook.delete', (...a) => book().delete(...a), [['t1', 'id']]],
  ['FollowUpBook.setTarget', (...a) => book().setTarget(...a), [['t1', 'string'], [{ tags: ['vip'] }, 'rec{}']]],
  ['FollowUpBook.target', (...a) => book().target(...a), [['t1', 'string']]],
  ['FollowUpBook.import', (...a) => book().import(...a), [[{ followups: [followup] }, 'rec{}']]],
  ['FollowUpBook.lists', (...a) => book().lists(...a), [['adv-1', 'id'], ['2026-03-02', 'date'], [{}, 'rec?']]],
  ['FollowUpBook.page', (...a) => book().page(...a), [['adv-1', 'id'], ['2026-03-02', 'date'], ['todo', 'enum'], [{}, 'rec?'], [10, 'count'], [null, 'cursor?']]],
  ['FollowUpBook.dayPlan', (...a) => book().dayPlan(...a), [['adv-1', 'id'], ['2026-03-02', 'date'], [{}, 'rec?'], [{}, 'rec?']]],
  ['new Cadence', (...a) => new f.Cadence(...a), [[steps, 'steps']]],
  ['Cadence.due', (...a) => new f.Cadence(steps).due(...a), [[0, 'count'], ['2026-03-02', 'date'], [null, 'date?']]],
  ['Cadence.start', (...a) => new f.Cadence(steps).start(...a), [['t1', 'string'], [['adv-1'], 'assignees'], ['2026-03-02', 'date']]],
  ['Cadence.current', (...a) => new f.Cadence(steps).current(...a), [[run, 'rec']]],
  ['Cadence.done', (...a) => new f.Cadence(steps).done(...a), [[run, 'rec'], ['2026-03-10', 'date']]],
  ['new RevealLedger', (...a) => new f.RevealLedger(...a), [[{ scope: 'pair_per_portal' }, 'rec?']]],
  ['RevealLedger.fromEvents', (...a) => f.RevealLedger.fromEvents(...a), [[{}, 'rec?'], [[event], 'list']]],
  ['RevealLedger.canSee', (...a) => ledger().canSee(...a), [['t1', 'string'], ['req-1', 'string'], ['requester', 'enum'], ['exp-1', 'string'], [ctx, 'rec'], [now, 'instant']]],
  ['RevealLedger.recommend', (...a) => ledger().recommend(...a), [['t1', 'string'], [ctx, 'rec'], ['req-1', 'string'], ['exp-2', 'string'], [now, 'instant']]],
  ['RevealLedger.openProject', (...a) => ledger().openProject(...a), [['t1', 'string'], [{ ...ctx, kind: 'project' }, 'rec'], ['req-1', 'string'], [now, 'instant']]],
  ['RevealLedger.changeCoordinates', (...a) => ledger().changeCoordinates(...a), [['t1', 'string'], ['exp-1', 'string'], [now, 'instant']]],
  ['RevealLedger.leaveCompany', (...a) => ledger().leaveCompany(...a), [['t1', 'string'], ['exp-1', 'string'], [now, 'instant']]],
  ['RevealLedger.reveal', (...a) => ledger().reveal(...a), [[revealRequest, 'rec']]],
  ['RevealLedger.revealMany', (...a) => ledger().revealMany(...a), [[[revealRequest], 'list']]],
  ['RevealLedger.enrich', (...a) => ledger().enrich(...a), [[{ key: 'e1', tenant: 't1', subject: 'exp-1', by: 'adv-1', at: now, succeeded: true }, 'rec']]],
  ['RevealLedger.markDiagnostic', (...a) => ledger().markDiagnostic(...a), [[diagnosticRequest, 'rec']]],
  ['RevealLedger.undoDiagnostic', (...a) => { const l = ledger(); l.markDiagnostic(diagnosticRequest); return l.undoDiagnostic(...a) }, [[diagnosticRequest, 'rec']]],
  ['RevealLedger.diagnostic', (...a) => ledger().diagnostic(...a), [['t1', 'string'], [{ ...ctx, kind: 'project' }, 'rec']]],
  ['RevealLedger.stats', (...a) => ledger().stats(...a), [[{ period: 'month' }, 'rec?']]],
  ['RevealLedger.consumption', (...a) => ledger().consumption(...a), [['t1', 'string'], [now, 'instant']]],
  ['RevealLedger.import', (...a) => ledger().import(...a), [[[event], 'list']]],
  ['RevealLedger.merge', (...a) => ledger().merge(...a), [[ledger(), 'instance']]],
  ['RevealLedger.equals', (...a) => ledger().equals(...a), [[ledger(), 'instance']]],
  ['npsClass', (...a) => f.npsClass(...a), [[9, 'nps']]],
  ['FiredLog.fromJSON', (...a) => f.FiredLog.fromJSON(...a), [[{ fired: { 'resp-1': ['trg-1'] } }, 'rec{}']]],
  ['FiredLog.hasFired', (...a) => new f.FiredLog().hasFired(...a), [['trg-1', 'string'], ['resp-1', 'string']]],
  ['FiredLog.record', (...a) => new f.FiredLog().record(...a), [['trg-1', 'string'], ['resp-1', 'string']]],
  ['new TriggerSet', (...a) => new f.TriggerSet(...a), [[[trigger], 'list'], [{}, 'rec?']]],
  ['TriggerSet.evaluate', (...a) => new f.TriggerSet([trigger]).evaluate(...a), [[new f.FiredLog(), 'instance'], [survey, 'rec'], [response, 'rec']]],
  ['TriggerSet.evaluateAll', (...a) => new f.TriggerSet([trigger]).evaluateAll(...a), [[new f.FiredLog(), 'instance'], [[survey], 'list'], [[response], 'list']]],
  ['new SurveyPressure', (...a) => new f.SurveyPressure(...a), [[{ period: { days: 90 } }, 'rec?']]],
  ['SurveyPressure.fromJSON', (...a) => f.SurveyPressure.fromJSON(...a), [[{ sent: {} }, 'rec{}']]],
  ['SurveyPressure.check', (...a) => new f.SurveyPressure().check(...a), [[sendRequest, 'rec']]],
  ['SurveyPressure.send', (...a) => new f.SurveyPressure().send(...a), [[sendRequest, 'rec']]],
  ['SurveyPressure.sendAll', (...a) => new f.SurveyPressure().sendAll(...a), [[[sendRequest], 'list']]],
  ['eligibility', (...a) => f.eligibility(...a), [[organisation, 'rec']]],
  ['canMoveTo', (...a) => f.canMoveTo(...a), [['identified', 'enum'], ['refused', 'enum']]],
  ['new Pipeline', (...a) => new f.Pipeline(...a), [[{ timeZone: 'Europe/Paris' }, 'rec?']]],
  ['Pipeline.fromJSON', (...a) => f.Pipeline.fromJSON(...a), [[{ cards: {} }, 'rec{}']]],
  ['Pipeline.create', (...a) => new f.Pipeline().create(...a), [[organisation, 'rec'], ['adv-1', 'string'], [now, 'instant']]],
  ['Pipeline.update', (...a) => pipeline().update(...a), [[organisation, 'rec']]],
  ['Pipeline.card', (...a) => pipeline().card(...a), [['org-1', 'id']]],
  ['Pipeline.moveTo', (...a) => pipeline().moveTo(...a), [['org-1', 'id'], ['documentation_sent', 'enum'], ['adv-1', 'string'], [now, 'instant']]],
  ['Pipeline.plan', (...a) => accountPipeline().plan(...a), [['org-1', 'id']]],
  ['Pipeline.startConversion', (...a) => accountPipeline().startConversion(...a), [['org-1', 'id']]],
]

