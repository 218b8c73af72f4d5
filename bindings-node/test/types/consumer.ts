// A small consumer of the package, type-checked by `tsc --noEmit` (never
// run): the generated index.d.ts must describe the API a host writes.
import {
  reconcile,
  reconcileAsync,
  history,
  historyAsync,
  restitution,
  Reconciler,
  evaluate,
  evaluateAsync,
  Evaluator,
  defaultRetentionPolicy,
  expiry,
  Routine,
  score,
  scoreAsync,
  rescore,
  Tags,
  Directory,
  type Scoring,
  type Rescoring,
  type Tag,
  type Contact,
  type Report,
  type Config,
  type Reconciliation,
  type Change,
  type History,
  type Channel,
  type Record as RetentionRecord,
  type RetentionPolicy,
  type Evaluation,
  merge,
  lists,
  listsAsync,
  FollowUpBook,
  Cadence,
  type FollowUp,
  type Lists,
  type Lateness,
  type Put,
  type Page,
  type DayPlan,
  type BookState,
  type CadenceRun,
  type Priority,
  RevealLedger,
  type RevealContext,
  type RevealOutcome,
  type RevealVisibility,
  type RevealEvent,
  type ImportReport,
  type RevealStats,
  type Role,
  npsClass,
  TriggerSet,
  FiredLog,
  SurveyPressure,
  type NpsClass,
  type ResponseOutcome,
  type SendDecision,
  Pipeline,
  eligibility,
  type Card,
  type Eligibility,
  type Transition,
  type Stage,
} from '../../index.js'

const contacts: Contact[] = [
  { id: 'c1', parties: ['cli-1'], advisorId: 'adv-1', channel: 'phone', direction: 'outbound', occurredAt: new Date(), durationS: 300 },
  { id: 'c2', parties: ['cli-1'], channel: 'email', direction: 'inbound', occurredAt: '2026-03-02T09:00:00+01:00', subject: 'Re: rdv', mailSource: 'exchange_outlook' },
]
const reports: Report[] = [
  { id: 'r1', clientId: 'cli-1', advisorId: 'adv-1', channel: 'phone', initiative: 'outbound', enteredAt: '2026-03-02T09:07:00Z' },
]
const config: Config = { timeZone: 'Europe/Paris', windowDays: 7, coverage: { phone: '2025-01-01T00:00:00Z' }, restitution: { minOutboundCallS: 40 } }

const r: Reconciliation = reconcile(contacts, reports, config, new Date())
const firstRule: 'just_after' | 'last_of_day' | undefined = r.links[0]?.rule
const pending: Promise<Reconciliation> = reconcileAsync(contacts, reports, null, '2026-03-02T12:00:00Z')

const h: History = history('cli-1', contacts, reports, { legalEntities: ['acme'] }, undefined, new Date())
const when: string = h.entries[0].occurredAt
const hp: Promise<History> = historyAsync('cli-1', contacts, reports, null, null, new Date())

const engine = new Reconciler(config)
const changes: Change[] = engine.add(contacts, reports, new Date())
for (const c of changes) {
  // The tagged union narrows on `change`.
  if (c.change === 'moved') {
    const to: string = c.to
    void to
  } else if (c.change === 'rejected') {
    const code: string = c.rejection.code
    const kind: 'contact' | 'report' = c.record
    void code, kind
  }
}
const later: Promise<Change[]> = engine.addAsync(contacts, [], new Date())
void later
const state = engine.reportState('r1')
if (state?.state === 'linked') {
  const contactId: string = state.contactId
  void contactId
}

const visible: boolean = restitution(contacts[0]).visible
const channel: Channel = 'sms'

const policy: RetentionPolicy = defaultRetentionPolicy()
const extended: RetentionPolicy = { ...policy, rules: [...(policy.rules ?? []), { channel: 'sms', part: 'record', keep: { years: 3 } }] }
const records: RetentionRecord[] = [{ id: 'm1', clientId: 'cli-1', channel: 'email', mailSource: 'crm_msi', occurredAt: new Date() }]
const e: Evaluation = evaluate(extended, records, ['cli-9'], null, new Date())
const next: string | null = e.records[0].nextExpiry
const ep: Promise<Evaluation> = evaluateAsync(null, records, null, null, new Date())
const v = new Evaluator(null, [], [], new Date()).evaluateOne(records[0])
const purge: Array<'record' | 'body' | 'attachments' | 'inline_images'> = v.purge
const until: string | null = expiry(null, 'email', null, 'body', new Date())

const routine = Routine.parse({ id: 'r-it', title: 'IT', users: [], mandatory: [], weighted: [] })
const scored: Scoring = score(routine, [{ id: '552100554', naf: '62.01Z' }])
const best: number = scored.ranking[0].score
const sp: Promise<Scoring> = scoreAsync(routine, [])
const rs: Rescoring = rescore(routine, [{ companyId: '552100554', score: 40 }], [])
const crossed: string[] = rs.crossed
const dir = new Directory()
dir.defineRoutine(routine)
const tagged: Tag | null = new Tags().followupPut(dir, 'u-anne', '552100554').to
// @ts-expect-error 'lead' is not a Tag
const badTag: Tag = 'lead'
void [best, sp, crossed, tagged, badTag]

// Enums are string-literal unions: a wrong literal does not compile.
// @ts-expect-error 'fax' is not a Channel
const wrong: Channel = 'fax'
// @ts-expect-error an instant is a Date or a string, not a number
reconcile(contacts, reports, null, 1772442000000)
// @ts-expect-error a Contact needs its occurredAt
const incomplete: Contact = { id: 'c3', parties: [], channel: 'sms', direction: 'inbound' }

void [firstRule, pending, when, hp, visible, channel, next, ep, purge, until, wrong, incomplete]

// Follow-ups (records through the core's serde shapes; types in types.d.ts).
const fu: FollowUp = { targetId: 't1', assignees: ['adv-1'], due: '2026-03-02', priority: 'high' }
const merged: FollowUp = merge(fu, { ...fu, assignees: ['adv-2'] })
const l: Lists = lists([fu], { t1: { tags: ['vip'] } }, 'adv-1', '2026-03-02', { everyone: true })
const late: Lateness = l.todo[0].lateness
const lp: Promise<Lists> = listsAsync([fu], null, 'adv-1', '2026-03-02')
const book = new FollowUpBook()
const put: Put = book.put(fu)
const page: Page = book.page('adv-1', '2026-03-02', 'todo', null, 10)
const plan: DayPlan = book.dayPlan('adv-1', '2026-03-02', null, { maxSuspects: 3 })
const exported: BookState = book.export()
const cadence = new Cadence([{ offset: { days: 7 } }])
const started: { run: CadenceRun; followup: FollowUp } = cadence.start('t1', ['adv-1'], '2026-03-02')
// @ts-expect-error 'urgent' is not a Priority
const badPriority: Priority = 'urgent'
// @ts-expect-error a FollowUp needs its assignees
const noAssignees: FollowUp = { targetId: 't1', due: '2026-03-02' }
void [merged, late, lp, put, page, plan, exported, started, badPriority, noAssignees]

// Reveal (SPEC §3).
const ledger = new RevealLedger({ scope: 'pair_per_portal', followUpAfterDays: 7 })
const where: RevealContext = { portal: 'p1', kind: 'resource', id: 'res-1' }
ledger.recommend('t1', where, 'req-1', 'exp-1', new Date())
const outcome: RevealOutcome = ledger.reveal({ key: 'k1', tenant: 't1', viewer: 'req-1', role: 'requester', subject: 'exp-1', context: where, at: new Date() })
const seen: RevealVisibility = ledger.canSee('t1', 'req-1', 'requester', 'exp-1', where, '2026-03-02T09:00:00Z')
const evs: RevealEvent[] = ledger.events()
const report: ImportReport = RevealLedger.fromEvents(null, evs).merge(ledger)
const st: RevealStats = ledger.stats({ period: 'month', groupBy: ['portal'] })
// @ts-expect-error 'guest' is not a Role
const badRole: Role = 'guest'
void [outcome, seen, report, st, badRole]

// Triggers and survey pressure (SPEC §6).
const cls: NpsClass = npsClass(9)
const set = new TriggerSet([{ id: 't', name: 'Detractor', conditions: [{ field: 'q1', op: 'le', value: 6 }], action: { type: 'create_contact' } }])
const log = new FiredLog()
const out: ResponseOutcome = set.evaluate(log, { id: 's', title: 'Sat' }, { id: 'r', surveyId: 's', submittedAt: new Date(), respondent: { id: 'p' }, answers: { q1: 3 } })
const decision: SendDecision = new SurveyPressure({ period: { months: 3 } }).send({ clientId: 'c', surveyId: 's', at: new Date() })
// @ts-expect-error 'fan' is not an NpsClass
const badClass: NpsClass = 'fan'
void [cls, out, decision, badClass]

// The onboarding pipeline (SPEC §7).
const pl = new Pipeline()
const card: Card = pl.create({ id: 'org-1', kind: 'public_body' }, 'adv-1', new Date())
const elig: Eligibility = eligibility(card.organisation)
const moved: Transition = pl.moveTo('org-1', 'documentation_sent', 'adv-1', new Date())
// @ts-expect-error 'won' is not a Stage
const badStage: Stage = 'won'
void [elig, moved, badStage]
