// The records of the follow-up, reveal, trigger and pipeline modules, whose
// declarations napi-derive generates from the binding's mirror types
// (src/mirror/): every field is written or read here by name, so renaming
// one in the Rust (or a tag, or a literal) breaks this file's type check.
// Type-checked by `tsc --noEmit` (test/types.test.mjs), never run.
import {
  FollowUpBook,
  Cadence,
  RevealLedger,
  TriggerSet,
  FiredLog,
  SurveyPressure,
  Pipeline,
  draftBuild,
  lateness,
  type FollowUp,
  type Draft,
  type Priority,
  type Origin,
  type Preset,
  type Lateness,
  type TargetInfo,
  type Filters,
  type ListItem,
  type Lists,
  type List,
  type Page,
  type Put,
  type Removal,
  type BookState,
  type Suspect,
  type PlanOptions,
  type PlanItem,
  type DayPlan,
  type Anchor,
  type CadenceStep,
  type CadenceRun,
  type Offset,
  type Role,
  type ContextKind,
  type RevealContext,
  type RevealScope,
  type PortalOptions,
  type RevealConfig,
  type RevealRequest,
  type RevealReason,
  type RevealVisibility,
  type RevealOutcome,
  type RevealBatch,
  type EnrichRequest,
  type EnrichOutcome,
  type DiagnosticRequest,
  type DiagnosticAction,
  type DiagnosticActionKind,
  type DiagnosticStatus,
  type RevealEvent,
  type ImportReport,
  type MemoryUse,
  type StatsPeriod,
  type StatsDimension,
  type StatsQuery,
  type ContactsMadeRow,
  type DiagnosticsRow,
  type ConsumptionRow,
  type RevealStats,
  type Consumption,
  type NpsClass,
  type SurveyKind,
  type RespondentField,
  type FieldSource,
  type Action,
  type Trigger,
  type TriggerConfig,
  type Survey,
  type Respondent,
  type SurveyResponse,
  type FiredAction,
  type Firing,
  type ResponseOutcome,
  type TriggerBatch,
  type FiredLogJson,
  type CalendarPeriod,
  type PressureConfig,
  type SendRequest,
  type SentSurvey,
  type SuppressReason,
  type SendDecision,
  type PlannedSend,
  type SendPlan,
  type SurveyPressureJson,
  type Stage,
  type OrganisationKind,
  type EligibilityReason,
  type Organisation,
  type Eligibility,
  type Transition,
  type Card,
  type PlanStep,
  type PipelineConfig,
  type PipelineJson,
  type PlannedStep,
  type ConversionPlan,
} from '../../index.js'

// --- followup ----------------------------------------------------------------

const priority: Priority = 'low'
const origin: Origin = 'automation'
const preset: Preset = 'background_365'
const fu: FollowUp = {
  targetId: 't1',
  assignees: ['adv-1'],
  due: '2026-03-02',
  priority,
  origin,
  lastNote: 'called',
  notedAt: new Date(),
}
const draft: Draft = {
  targetId: 't1',
  creator: 'adv-1',
  assignees: ['adv-2'],
  due: '2026-03-09',
  priority: 'high',
  preset,
  origin: 'manual',
  lastNote: 'n',
  notedAt: '2026-03-02T09:00:00Z',
}
const built: FollowUp = draftBuild(draft, '2026-03-02')
const late: Lateness = lateness(built, '2026-03-03')
const overdueDays: number = late.status === 'overdue' ? late.days : 0
const info: TargetInfo = { routines: ['r-it'], tags: ['vip'], openOpportunity: true }
const filters: Filters = {
  assignee: 'adv-1',
  everyone: false,
  priorities: ['high', 'normal'],
  routine: 'r-it',
  tag: 'vip',
  opportunity: true,
}
const book = new FollowUpBook()
const put: Put = book.put(fu)
book.setTarget('t1', info)
const lists: Lists = book.lists('adv-1', '2026-03-02', filters)
const item: ListItem | undefined = lists.todo[0] ?? lists.upcoming[0]
const itemTarget: string | undefined = item?.followup.targetId
const rejectedCode: string | undefined = lists.rejected[0]?.code
const which: List = 'upcoming'
const page: Page = book.page('adv-1', '2026-03-02', which, null, 10)
const cursor: string | null = page.nextCursor
const removal: Removal = book.unassign('t1', 'adv-1')
const removedDue: string = removal.followup.due
const gone: boolean = removal.outcome === 'deleted'
const state: BookState = { followups: [fu], targets: { t1: info } }
book.import(state)
const suspect: Suspect = { companyId: '552100554', score: 40 }
const options: PlanOptions = { suspects: [suspect], maxSuspects: 3 }
const plan: DayPlan = book.dayPlan('adv-1', '2026-03-02', null, options)
for (const p of plan.items as PlanItem[]) {
  if (p.kind === 'suspect') {
    const company: string = p.companyId
    void company
  } else {
    const due: string = p.followup.due
    void due
  }
}
const anchor: Anchor = 'previous_done'
const week: Offset = { weeks: 1 }
const step: CadenceStep = { offset: { days: 7 }, from: anchor, priority: 'high', until: week, note: 'call back' }
const cadence = new Cadence([step])
const { run } = cadence.start('t1', ['adv-1'], '2026-03-02')
const runFields: [string, string[], string, number, string, string | undefined, boolean | undefined] = [
  run.targetId,
  run.assignees,
  run.event,
  run.step,
  run.due,
  run.latest,
  run.finished,
]
// @ts-expect-error 'urgent' is not a Priority
const badPriority: Priority = 'urgent'
// @ts-expect-error 'background_1y' is not a Preset
const badPreset: Preset = 'background_1y'
// @ts-expect-error a FollowUp's fields are camelCase (`targetId`)
const snakeFollowUp: FollowUp = { target_id: 't1', assignees: [], due: '2026-03-02' }
// @ts-expect-error a Lateness is tagged by `status`
const badLateness: Lateness = { status: 'late' }
void [overdueDays, itemTarget, rejectedCode, cursor, removedDue, gone, put, runFields, badPriority, badPreset, snakeFollowUp, badLateness]

// --- reveal ------------------------------------------------------------------

const role: Role = 'advisor_local'
const kind: ContextKind = 'project'
const where: RevealContext = { portal: 'p1', kind, id: 'prj-1' }
const scope: RevealScope = 'pair_per_context'
const portal: PortalOptions = { advisorsMarkDiagnostics: true }
const config: RevealConfig = {
  scope,
  lapseOnCoordinateChange: true,
  lapseAfterDays: null,
  followUpAfterDays: 7,
  timeZone: 'Europe/Brussels',
  portals: { p1: portal },
}
const ledger = new RevealLedger(config)
const cfg: RevealConfig = ledger.config()
const request: RevealRequest = {
  key: 'k1',
  tenant: 't1',
  viewer: 'req-1',
  role: 'requester',
  subject: 'exp-1',
  context: where,
  at: new Date(),
  impersonatedBy: 'staff-1',
}
const outcome: RevealOutcome = ledger.reveal(request)
const outcomeFields: [boolean, RevealReason, boolean, boolean, boolean, boolean, string | null, boolean] = [
  outcome.visible,
  outcome.reason,
  outcome.logged,
  outcome.first,
  outcome.contactMade,
  outcome.consumed,
  outcome.followUpAt,
  outcome.replayed,
]
const batch: RevealBatch = ledger.revealMany([request])
const firstKey: string | undefined = batch.outcomes[0]?.[0]
const seen: RevealVisibility = ledger.canSee('t1', 'req-1', role, 'exp-1', where, new Date())
const enrich: EnrichRequest = { key: 'e1', tenant: 't1', subject: 'exp-1', by: 'req-1', at: new Date(), succeeded: true }
const enriched: EnrichOutcome = ledger.enrich(enrich)
const diag: DiagnosticRequest = { tenant: 't1', project: where, actor: 'adv-1', role, at: new Date() }
const status: DiagnosticStatus = ledger.markDiagnostic(diag)
const last: DiagnosticAction | undefined = status.history[0]
const action: DiagnosticActionKind | undefined = last?.action
const markedBy: string | null = status.markedBy
const markedAt: string | null = status.markedAt
const events: RevealEvent[] = [
  { event: 'recommended', at: new Date(), tenant: 't1', context: where, requester: 'req-1', contact: 'exp-1' },
  { event: 'project_opened', at: new Date(), tenant: 't1', context: where, requester: 'req-1' },
  { event: 'coordinates_changed', at: new Date(), tenant: 't1', subject: 'exp-1' },
  { event: 'left_company', at: new Date(), tenant: 't1', subject: 'exp-1' },
  { event: 'enriched', at: new Date(), tenant: 't1', key: 'e1', subject: 'exp-1', by: 'req-1' },
  { event: 'revealed', at: new Date(), tenant: 't1', key: 'k1', viewer: 'req-1', role, subject: 'exp-1', context: where },
  { event: 'diagnostic_marked', at: new Date(), tenant: 't1', project: where, actor: 'adv-1', role },
  { event: 'diagnostic_undone', at: new Date(), tenant: 't1', project: where, actor: 'adv-1', role },
]
const imported: ImportReport = ledger.import(events)
const importFields: [number, number, string | undefined] = [imported.added, imported.duplicates, imported.rejected[0]?.rule]
const memory: MemoryUse = ledger.memory()
const bytes: number = memory.pairTable + memory.log + memory.ids + memory.subjects
const period: StatsPeriod = 'all'
const dims: StatsDimension[] = ['portal', 'context', 'role']
const query: StatsQuery = { tenant: 't1', from: new Date(0), to: null, period, groupBy: dims }
const stats: RevealStats = ledger.stats(query)
const made: ContactsMadeRow | undefined = stats.contactsMade[0]
const madeFields = [made?.tenant, made?.portal, made?.contextKind, made?.contextId, made?.role, made?.period, made?.count]
const diagRow: DiagnosticsRow | undefined = stats.diagnostics[0]
const diagFields = [diagRow?.tenant, diagRow?.portal, diagRow?.period, diagRow?.done, diagRow?.undone]
const consumption: Consumption = ledger.consumption('t1', new Date())
const month: ConsumptionRow | undefined = consumption.months[0]
const units: number = (month?.units ?? 0) + consumption.owned + consumption.left
// @ts-expect-error 'guest' is not a Role
const badRole: Role = 'guest'
// @ts-expect-error an event is tagged by `event`, with camelCase names
const badEvent: RevealEvent = { event: 'left_company', at: new Date(), tenant: 't1', subject_id: 'exp-1' }
void [cfg, outcomeFields, firstKey, seen, enriched, action, markedBy, markedAt, importFields, bytes, madeFields, diagFields, units, badRole, badEvent]

// --- trigger -----------------------------------------------------------------

const cls: NpsClass = 'passive'
const surveyKind: SurveyKind = 'satisfaction'
const respondentField: RespondentField = 'postal_code'
const sources: FieldSource[] = [
  { from: 'empty' },
  { from: 'text', text: 'x' },
  { from: 'respondent', field: respondentField },
  { from: 'custom_field', number: 3 },
  { from: 'custom_field', name: 'tier' },
  { from: 'answer', questionId: 'q1' },
  { from: 'nps_class', questionId: 'q1' },
  { from: 'survey_title' },
  { from: 'survey_end_date' },
  { from: 'survey_reference' },
  { from: 'trigger_name' },
]
const create: Action = { type: 'create_contact', addToSurvey: 's2' }
const trigger: Trigger = {
  id: 't',
  name: 'Detractor',
  active: true,
  surveyId: 's',
  conditions: [{ field: 'q1', op: 'le', value: 6 }],
  action: create,
  mapping: { last_name: sources[2], note: sources[1] },
}
const triggerConfig: TriggerConfig = { customFieldNames: { tier: 3 } }
const set = new TriggerSet([trigger], triggerConfig)
const back: Trigger[] = set.triggers()
const survey: Survey = { id: 's', title: 'Sat', reference: 'REF', endDate: '2026-03-31', kind: surveyKind }
const respondent: Respondent = {
  id: 'p',
  firstName: 'A',
  lastName: 'B',
  email: 'a@b.c',
  language: 'fr',
  street: 'Rue',
  houseNumber: '1',
  box: '2',
  postalCode: '1000',
  city: 'Bruxelles',
  province: 'BXL',
  state: '',
  country: 'BE',
  phone: '+32',
  customFields: { '3': 'gold' },
}
const response: SurveyResponse = { id: 'r', surveyId: 's', submittedAt: new Date(), respondent, answers: { q1: 3 } }
const log = new FiredLog()
const out: ResponseOutcome = set.evaluate(log, survey, response)
const outFields = [out.responseId, out.fired, out.alreadyFired, out.notMet, out.inactive, out.errors]
const firing: Firing | undefined = out.fired[0]
const firingFields = [firing?.triggerId, firing?.triggerName, firing?.responseId, firing?.surveyId, firing?.respondentId]
const fired: FiredAction | undefined = firing?.action
const contactName: string | undefined = fired?.contact['last_name']
const batchOut: TriggerBatch = set.evaluateAll(log, [survey], [response])
const batchFields: [number, number, number] = [batchOut.firings.length, batchOut.alreadyFired, batchOut.rejected.length]
const logJson: FiredLogJson = log.toJSON()
const firedIds: string[] | undefined = logJson.fired?.['r']
const months: CalendarPeriod = { months: 3 }
const pressureConfig: PressureConfig = { timeZone: 'Europe/Paris', period: months }
const pressure = new SurveyPressure(pressureConfig)
const send: SendRequest = { clientId: 'c', surveyId: 's', kind: 'other', at: new Date() }
const decision: SendDecision = pressure.send(send)
if (decision.decision === 'suppress') {
  const why: SuppressReason = decision.reason
  const previous: SentSurvey = decision.previous
  const sentAt: string = previous.sentAt
  const fromDay: string | undefined = decision.allowedFrom
  const at: string | undefined = decision.allowedAt
  void [why, sentAt, fromDay, at]
} else {
  const counted: boolean = decision.counted
  void counted
}
const sendPlan: SendPlan = pressure.sendAll([send])
const planned: PlannedSend | undefined = sendPlan.decisions[0]
const plannedClient: string | undefined = planned?.clientId
const pressureJson: SurveyPressureJson = pressure.toJSON()
const sent: SentSurvey[] | undefined = pressureJson.sent?.['c']
// @ts-expect-error 'fan' is not an NpsClass
const badClass: NpsClass = 'fan'
// @ts-expect-error a field source is tagged by `from`, with camelCase names
const badSource: FieldSource = { from: 'answer', question_id: 'q1' }
void [cls, back, outFields, firingFields, contactName, batchFields, firedIds, plannedClient, sent, badClass, badSource]

// --- pipeline ----------------------------------------------------------------

const orgKind: OrganisationKind = 'association'
const organisation: Organisation = { id: 'org-1', name: 'Asbl', kind: orgKind, publicServiceMission: true, attestation: false }
const step1: PlanStep = { step: 'call', afterDays: 7, untilDays: 14, priority: 'high' }
const pipelineConfig: PipelineConfig = { timeZone: 'Europe/Paris', conversionPlan: [step1] }
const pl = new Pipeline(pipelineConfig)
const card: Card = pl.create(organisation, 'adv-1', new Date())
const cardFields: [Organisation, Stage, Transition[]] = [card.organisation, card.stage, card.history]
const moved: Transition = pl.moveTo('org-1', 'documentation_sent', 'adv-1', new Date())
const transitionFields: [Stage | null, Stage, string, string] = [moved.from, moved.to, moved.by, moved.at]
const elig: Eligibility = { eligible: false, reason: 'missing_attestation' }
const reason: EligibilityReason = elig.reason
const conversion: ConversionPlan = pl.plan('org-1')
const plannedStep: PlannedStep | undefined = conversion.steps[0]
const conversionFields = [conversion.organisationId, conversion.accountCreatedAt, conversion.createdBy, plannedStep?.step, plannedStep?.due, plannedStep?.latest]
const json: PipelineJson = pl.toJSON()
const again = Pipeline.fromJSON({ config: json.config, cards: { 'org-1': card } })
const steps: CadenceStep[] = pl.conversionCadence()
// @ts-expect-error 'won' is not a Stage
const badStage: Stage = 'won'
// @ts-expect-error an Organisation's fields are camelCase (`publicServiceMission`)
const snakeOrganisation: Organisation = { id: 'o', kind: 'company', public_service_mission: true }
void [cardFields, transitionFields, reason, conversionFields, again, steps, badStage, snakeOrganisation]
