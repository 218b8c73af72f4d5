// The conformance-vector runner of the Node binding: every case under
// tests/vectors/ run through the JS API (never through the Rust runner),
// compared by the rules of tests/vectors/README.md.
//
// Vectors speak SPEC §9 JSON (snake_case keys); the JS API speaks camelCase.
// Inputs are converted key by key to camelCase, outputs back to snake_case,
// and nothing else is touched: values (enum tags, ids, instants) cross as
// they are.

import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const filrouge = require('../index.js')

export const VECTORS = new URL('../../tests/vectors/', import.meta.url).pathname

/** Every `*.json` file under `dir`, sorted. */
export function vectorFiles(dir = VECTORS) {
  const out = []
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...vectorFiles(path))
    else if (name.endsWith('.json')) out.push(path)
  }
  return out
}

/** The cases of a file (one case or an array of cases), each with its file. */
export function cases(file) {
  const value = JSON.parse(readFileSync(file, 'utf8'))
  const list = Array.isArray(value) ? value : [value]
  return list.map((c, i) => ({ ...c, file: relative(VECTORS, file), index: i }))
}

const camelKey = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
const snakeKey = (k) => k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())

function mapKeys(value, f) {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, f))
  if (value !== null && typeof value === 'object') {
    const g = value[KEEP] ? (k) => k : f
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [g(k), mapKeys(v, f)]))
  }
  return value
}

/** snake_case JSON → the camelCase objects the JS API takes. */
export const toJs = (value) => (value === undefined ? undefined : mapKeys(value, camelKey))
/** camelCase JS results → snake_case JSON, to compare with `expected`. */
export const fromJs = (value) => mapKeys(value ?? null, snakeKey)

/**
 * The ops this binding runs: name → { run(case) → JS result, ordered: keys
 * whose lists compare in order }. Ops of modules the binding does not expose
 * yet are absent: their cases are counted as skipped.
 */
export const OPS = {
  reconcile: {
    run: (c) => filrouge.reconcile(toJs(c.input.contacts ?? []), toJs(c.input.reports ?? []), toJs(c.config), c.now),
    ordered: [],
  },
  reconcile_batches: {
    run: (c) => {
      const engine = new filrouge.Reconciler(toJs(c.config))
      const changes = []
      for (const batch of c.input.batches) {
        changes.push(engine.add(toJs(batch.contacts ?? []), toJs(batch.reports ?? []), batch.now ?? c.now))
      }
      return { ...engine.reconciliation(), changes }
    },
    ordered: ['changes'],
  },
  history: {
    run: (c) =>
      filrouge.history(
        c.input.client_id,
        toJs(c.input.contacts ?? []),
        toJs(c.input.reports ?? []),
        { legalEntities: c.input.legal_entities ?? [], holds: c.input.holds ?? [] },
        toJs(c.config),
        c.now,
      ),
    ordered: ['entries'],
  },
  restitution: {
    run: (c) => filrouge.restitution(toJs(c.input.contact), toJs(c.config?.restitution)),
    ordered: [],
  },
  retention: {
    run: (c) => {
      const config = c.config ?? {}
      const base = config.rules ? toJs(config.rules) : filrouge.defaultRetentionPolicy().rules
      const policy = {
        timeZone: config.time_zone ?? undefined,
        rules: [...base, ...toJs(config.extra_rules ?? [])],
      }
      return filrouge.evaluate(policy, toJs(c.input.records), c.input.holds, c.input.erasures, c.now)
    },
    ordered: [],
  },
  // Conditions and records are JSON of the host's own fields: passed as
  // they are, never re-cased.
  condition: {
    run: (c) => ({ result: filrouge.Condition.parse(c.input.condition).evaluate(c.input.record ?? {}) }),
    ordered: [],
  },
  // Routines (SPEC §5 JSON, like conditions) and companies (the host's
  // rows) are passed as they are.
  score: {
    run: (c) => filrouge.score(filrouge.Routine.parse(c.input.routine), c.input.companies ?? []),
    ordered: ['ranking'],
  },
  rescore: {
    run: (c) =>
      filrouge.rescore(filrouge.Routine.parse(c.input.routine), toJs(c.input.previous ?? []), c.input.companies ?? []),
    ordered: ['ranking'],
  },
  // Follow-ups: `targets` is keyed by target id (kept).
  followup_merge: {
    run: (c) => ({ merged: filrouge.merge(toJs(c.input.a), toJs(c.input.b)) }),
    ordered: [],
  },
  followup_lists: {
    run: (c) => {
      const l = filrouge.lists(
        toJs(c.input.followups),
        mapValues(c.input.targets, toJs),
        c.input.user,
        c.input.today,
        toJs(c.input.filters),
      )
      const ids = (items) => items.map((i) => i.followup.targetId)
      const lateness = Object.fromEntries([...l.todo, ...l.upcoming].map((i) => [i.followup.targetId, i.lateness]))
      return { todo: ids(l.todo), upcoming: ids(l.upcoming), lateness: keepKeys(lateness), rejected: l.rejected }
    },
    ordered: ['todo', 'upcoming'],
  },
  // NPS: the answer is any JSON, passed as it is.
  nps: {
    run: (c) => ({ class: filrouge.npsClass(c.input.answer) }),
    ordered: [],
  },
  script: {
    run: (c) => {
      const first = c.input.steps[0].do
      const module = Object.values(SCRIPT_ACTIONS).find((m) => first in m.actions)
      const state = module.begin(c)
      return {
        results: c.input.steps.map((step) => {
          const action = module.actions[step.do]
          if (action === undefined) return { error: 'unknown_action' }
          try {
            return action(state, step, c)
          } catch (e) {
            if (e.code === undefined) throw e
            return { error: e.code, message: String(e.message) }
          }
        }),
      }
    },
    ordered: ['results'],
  },
}


/** `{id: record}` with each record converted by `f` and the ids kept. */
const mapValues = (map, f) =>
  map === undefined || map === null ? map : Object.fromEntries(Object.entries(map).map(([k, v]) => [k, f(v)]))

/** A map keyed by ids, marked so that `fromJs` leaves its keys alone. */
const KEEP = Symbol('keep keys')
const keepKeys = (map) => Object.assign(Object.create({ [KEEP]: true }), map)

/** The local date of the case's `now` in `config.time_zone` (Europe/Paris by default). */
function today(c, given) {
  if (given !== undefined && given !== null) return given
  if (c.now === undefined) throw Object.assign(new Error('this step needs "today" (or the case\'s "now")'), { code: 'invalid_input' })
  const zone = c.config?.time_zone ?? 'Europe/Paris'
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(c.now))
}

/** A follow-up list item as a script result. */
const item = (position, i) => ({
  targetId: i.followup.targetId,
  position,
  due: i.followup.due,
  priority: i.followup.priority,
  assignees: i.followup.assignees,
  lateness: i.lateness,
})
const items = (list, first = 0) => list.map((i, n) => item(first + n, i))
const REVEAL_TAKES_TENANT = ['recommend', 'open_project', 'reveal', 'impersonate', 'can_see', 'change_coordinates', 'leave_company', 'enrich', 'mark_diagnostic', 'undo_diagnostic', 'diagnostic', 'consumption']
const noMore = (rest) => {
  if (Object.keys(rest).length > 0) throw coded('invalid_input', `unknown argument(s) ${Object.keys(rest)}`)
}
/** A trigger's JSON for the JS API: conditions as they are, mapping keyed by field names. */
const triggerJs = (t) =>
  t === null || typeof t !== 'object'
    ? t
    : { ...toJs({ ...t, conditions: undefined, mapping: undefined }), conditions: t.conditions, mapping: mapValues(t.mapping, toJs) }
/** A response's JSON for the JS API: answers as they are. */
const responseJs = (r) =>
  r === null || typeof r !== 'object'
    ? r
    : {
        ...toJs({ ...r, answers: undefined, respondent: undefined }),
        answers: r.answers,
        respondent: r.respondent && { ...toJs({ ...r.respondent, custom_fields: undefined }), customFields: r.respondent.custom_fields },
      }
/** Firings' contacts are keyed by field names: kept by `fromJs`. */
function keepContacts(result) {
  for (const f of [...(result.fired ?? []), ...(result.firings ?? [])]) f.action.contact = keepKeys(f.action.contact)
  return result
}
const coded = (code, message) => Object.assign(new Error(message), { code })

/**
 * Script actions (`op: "script"`) handled by this binding, by module: the
 * module whose `actions` hold the first step's action runs the script;
 * `begin(case)` makes its state, each action calls the binding's API and
 * returns the step's result (camelCase; re-cased for the comparison).
 */
export const SCRIPT_ACTIONS = {
  // The onboarding pipeline (R-7.1 … ).
  pipeline: {
    begin: (c) => ({ p: new filrouge.Pipeline(toJs(c.config ?? null)) }),
    actions: Object.fromEntries(
      Object.entries({
        pipeline_create: (s, { organisation, by, at, ...rest }) => {
          noMore(rest)
          return { stage: s.p.create(toJs(organisation), by, at).stage }
        },
        pipeline_update: (s, { organisation, ...rest }) => {
          noMore(rest)
          const card = s.p.update(toJs(organisation))
          return { stage: card.stage, eligibility: filrouge.eligibility(card.organisation) }
        },
        pipeline_move: (s, { organisation_id, to, by, at, ...rest }) => {
          noMore(rest)
          return s.p.moveTo(organisation_id, to, by, at)
        },
        pipeline_eligibility: (s, { organisation, organisation_id, ...rest }) => {
          noMore(rest)
          if ((organisation === undefined) === (organisation_id === undefined)) {
            throw coded('invalid_input', 'pipeline_eligibility takes organisation or organisation_id')
          }
          const o = organisation !== undefined ? toJs(organisation) : s.p.card(organisation_id).organisation
          return filrouge.eligibility(o)
        },
        pipeline_plan: (s, { organisation_id, ...rest }) => {
          noMore(rest)
          return s.p.plan(organisation_id)
        },
        pipeline_card: (s, { organisation_id, ...rest }) => {
          noMore(rest)
          return s.p.card(organisation_id)
        },
        pipeline_reload: (s, rest) => {
          noMore(rest)
          s.p = filrouge.Pipeline.fromJSON(JSON.parse(JSON.stringify(s.p.toJSON())))
          return { organisations: s.p.length }
        },
      }).map(([name, action]) => [name, (s, { do: _, ...args }) => action(s, args)]),
    ),
  },
  // Triggers and survey pressure (R-6.3 … ). Conditions and answers
  // are the host's JSON and mappings, contacts and logs are keyed by names
  // or ids: the runner converts records with `triggerJs`/`responseJs`.
  trigger: {
    begin: (c) => {
      const config = { customFieldNames: c.config?.custom_field_names ?? {} }
      const triggers = (c.input.triggers ?? []).map(triggerJs)
      return {
        config,
        triggers,
        surveys: toJs(c.input.surveys ?? []),
        set: new filrouge.TriggerSet(triggers, config),
        log: new filrouge.FiredLog(),
        pressure: new filrouge.SurveyPressure(toJs(c.config?.pressure ?? null)),
      }
    },
    actions: Object.fromEntries(
      Object.entries({
        survey_response: (s, { response, ...rest }) => {
          noMore(rest)
          const survey = s.surveys.find((v) => v.id === response?.survey_id)
          if (survey === undefined) throw coded('unknown_survey', `no survey ${response?.survey_id}`)
          return keepContacts(s.set.evaluate(s.log, survey, responseJs(response)))
        },
        survey_responses: (s, { responses, ...rest }) => {
          noMore(rest)
          return keepContacts(s.set.evaluateAll(s.log, s.surveys, responses.map(responseJs)))
        },
        trigger_define: (s, { trigger, ...rest }) => {
          noMore(rest)
          const t = triggerJs(trigger)
          const next = [...s.triggers.filter((x) => x.id !== t.id), t]
          s.set = new filrouge.TriggerSet(next, s.config)
          s.triggers = next
          return { triggers: next.length }
        },
        trigger_fired: (s, { trigger_id, response_id, ...rest }) => {
          noMore(rest)
          return { fired: s.log.hasFired(trigger_id, response_id) }
        },
        trigger_log_reload: (s, rest) => {
          noMore(rest)
          s.log = filrouge.FiredLog.fromJSON(JSON.parse(JSON.stringify(s.log.toJSON())))
          return { fired: s.log.length }
        },
        survey_send: (s, request) => s.pressure.send(toJs(request)),
        survey_send_check: (s, request) => s.pressure.check(toJs(request)),
        survey_pressure_reload: (s, rest) => {
          noMore(rest)
          const json = JSON.parse(JSON.stringify(s.pressure.toJSON()))
          s.pressure = filrouge.SurveyPressure.fromJSON(json)
          return { clients: Object.keys(json.sent ?? {}).length }
        },
      }).map(([name, action]) => [name, (s, { do: _, ...args }) => action(s, args)]),
    ),
  },
  // Reveal (R-3.1 … ): named ledgers (`ledger`, default `main`), each
  // with the case's config; `tenant` and `at` default to the case's.
  reveal: {
    begin: (c) => {
      const config = { ...toJs(c.config ?? {}), portals: mapValues(c.config?.portals, toJs) }
      const ledgers = new Map()
      const ledger = (name = 'main') => {
        if (typeof name !== 'string') throw coded('invalid_input', '"ledger" is a name')
        if (!ledgers.has(name)) ledgers.set(name, new filrouge.RevealLedger(config))
        return ledgers.get(name)
      }
      return { c, config, ledger, ledgers }
    },
    actions: Object.fromEntries(
      Object.entries({
        recommend: (l, a) => (l.recommend(a.tenant, toJs(a.context), a.requester, a.contact, a.at), { ok: true }),
        open_project: (l, a) => {
          if (a.contact !== undefined) throw coded('invalid_input', 'open_project takes no "contact"')
          l.openProject(a.tenant, toJs(a.context), a.requester, a.at)
          return { ok: true }
        },
        reveal: (l, a) => l.reveal(toJs(a)),
        impersonate: (l, { admin, ...a }) => l.reveal({ ...toJs(a), impersonatedBy: admin }),
        can_see: (l, a) => l.canSee(a.tenant, a.viewer, a.role, a.subject, toJs(a.context), a.at),
        change_coordinates: (l, a) => (l.changeCoordinates(a.tenant, a.subject, a.at), { ok: true }),
        leave_company: (l, a) => (l.leaveCompany(a.tenant, a.subject, a.at), { ok: true }),
        enrich: (l, a) => l.enrich(toJs(a)),
        mark_diagnostic: (l, a) => l.markDiagnostic(toJs(a)),
        undo_diagnostic: (l, a) => l.undoDiagnostic(toJs(a)),
        diagnostic: (l, a) => l.diagnostic(a.tenant, toJs(a.project)),
        reveal_stats: (l, a) => l.stats(toJs(a)),
        consumption: (l, a) => l.consumption(a.tenant, a.at),
        export_events: (l, a) => {
          if (Object.keys(a).length > 0) throw coded('invalid_input', 'export_events takes no argument')
          const events = l.events()
          return { count: events.length, events }
        },
        import_events: (l, a) => l.import(toJs(a.events)),
        replay: (l, a, s) => {
          if (Object.keys(a).length > 0) throw coded('invalid_input', 'replay takes no argument')
          const replayed = filrouge.RevealLedger.fromEvents(s.config, l.events())
          const report = new filrouge.RevealLedger(s.config).import(l.events())
          return { same: replayed.equals(l), events: replayed.length, rejected: report.rejected }
        },
        merge_ledgers: (_l, a, s) => {
          const from = s.ledger(a.from)
          return s.ledger(a.into ?? 'main').merge(from)
        },
        compare_ledgers: (_l, a, s) => {
          const [x, y] = [s.ledger(a.a), s.ledger(a.b)]
          return { equal: x.equals(y), events: [x.length, y.length] }
        },
      }).map(([name, action]) => [
        name,
        (s, step) => {
          const { do: _, ledger, ...a } = step
          if (REVEAL_TAKES_TENANT.includes(name)) {
            if (a.tenant === undefined && s.c.input.tenant !== undefined) a.tenant = s.c.input.tenant
            if (a.at === undefined && s.c.now !== undefined && name !== 'diagnostic') a.at = s.c.now
          }
          const l = ['merge_ledgers', 'compare_ledgers'].includes(name) ? null : s.ledger(ledger)
          return action(l, a, s)
        },
      ]),
    ),
  },
  followup: {
    begin: () => ({ book: new filrouge.FollowUpBook(), runs: new Map(), cursor: null }),
    actions: {
      followup_put: (s, step, c) => {
        if ((step.followup === undefined) === (step.draft === undefined)) {
          throw coded('invalid_input', 'followup_put takes either followup or draft')
        }
        const f = step.followup !== undefined ? toJs(step.followup) : filrouge.draftBuild(toJs(step.draft), today(c, step.today))
        const outcome = s.book.put(f)
        return { outcome, followup: s.book.get(f.targetId) }
      },
      followup_put_all: (s, step) => ({ rejected: s.book.putAll(toJs(step.followups)), len: s.book.length }),
      followup_get: (s, step) => ({ followup: s.book.get(step.target_id) }),
      followup_unassign: (s, step) => s.book.unassign(step.target_id, step.user),
      followup_delete: (s, step) => ({ outcome: 'deleted', followup: s.book.delete(step.target_id) }),
      followup_target: (s, step) => {
        s.book.setTarget(step.target_id, toJs(step.info ?? {}))
        return { targetId: step.target_id }
      },
      followup_lists: (s, step, c) => {
        const l = s.book.lists(step.user, today(c, step.today), toJs(step.filters))
        return { todo: items(l.todo), upcoming: items(l.upcoming) }
      },
      followup_page: (s, step, c) => {
        const cursor = step.continue ? s.cursor : step.cursor
        const page = s.book.page(step.user, today(c, step.today), step.list, toJs(step.filters), step.limit, cursor)
        s.cursor = page.nextCursor
        return { items: items(page.items), hasNext: page.nextCursor !== null, nextCursor: page.nextCursor }
      },
      followup_page_all: (s, step, c) => {
        const day = today(c, step.today)
        let cursor = null
        const all = []
        const sizes = []
        let pages = 0
        do {
          const page = s.book.page(step.user, day, step.list, toJs(step.filters), step.limit, cursor)
          pages++
          sizes.push(page.items.length)
          all.push(...items(page.items, all.length))
          cursor = page.nextCursor
        } while (cursor !== null)
        return { pages, sizes, items: all }
      },
      day_plan: (s, step, c) => {
        const options = { suspects: toJs(step.suspects ?? []) }
        if (step.max_suspects !== undefined) options.maxSuspects = step.max_suspects
        const plan = s.book.dayPlan(step.user, today(c, step.today), toJs(step.filters), options)
        return {
          plan: plan.items.map((p, position) => ({
            ...p,
            position,
            targetId: p.kind === 'suspect' ? p.companyId : p.followup.targetId,
            ...(p.followup !== undefined ? { priority: p.followup.priority } : {}),
          })),
          rejected: plan.rejected,
        }
      },
      cadence_start: (s, step) => {
        const cadence = new filrouge.Cadence(toJs(step.cadence.steps))
        const { run, followup } = cadence.start(step.target_id, step.assignees, step.event)
        const outcome = s.book.put(followup)
        s.runs.set(step.target_id, { cadence, run })
        return { step: run.step, outcome, followup: s.book.get(step.target_id) }
      },
      cadence_done: (s, step) => {
        const held = s.runs.get(step.target_id)
        if (held === undefined) throw coded('unknown_target', `no cadence on ${step.target_id}`)
        const { run, followup } = held.cadence.done(held.run, step.done_on)
        held.run = run
        // The step is done: its follow-up goes, the next one is put.
        try {
          s.book.delete(step.target_id)
        } catch (e) {
          if (e.code !== 'unknown_target') throw e
        }
        if (followup === null) return { step: run.step, finished: true, followup: null }
        s.book.put(followup)
        return { step: run.step, finished: false, followup: s.book.get(step.target_id) }
      },
      followup_export: (s) => {
        const state = s.book.export()
        return { ...state, targets: keepKeys(state.targets) }
      },
      followup_import: (s, step) => {
        const state = { ...toJs(step.state), targets: mapValues(step.state?.targets, toJs) }
        return { rejected: s.book.import(state), len: s.book.length }
      },
    },
  },
  scoring: {
    begin: () => ({ dir: new filrouge.Directory(), tags: new filrouge.Tags() }),
    actions: {
      define_routine: (s, step) => ({ routineId: s.dir.defineRoutine(filrouge.Routine.parse(step.routine)) }),
      assign_routine: (s, step) => {
        s.dir.assign(step.routine_id, step.users)
        return { routineId: step.routine_id, users: step.users }
      },
      remove_routine: (s, step) => {
        s.dir.removeRoutine(step.routine_id)
        return { routineId: step.routine_id }
      },
      set_routine_licence: (s, step) => {
        s.dir.setLicence(step.user, step.licence)
        return { user: step.user, licence: s.dir.licence(step.user) }
      },
      visible_routines: (s, step) => ({ routines: s.dir.visibleRoutines(step.user) }),
      set_default_routine: (s, step) => ({
        default: step.routine_id,
        replaced: s.dir.setDefaultRoutine(step.user, step.routine_id),
      }),
      default_routine: (s, step) => ({ default: s.dir.defaultRoutine(step.user) }),
      set_tag: (s, step) => s.tags.setTag(step.company_id, step.routine_id, step.tag),
      mark_ex_client: (s, step) => s.tags.markExClient(step.company_id, step.routine_id, step.ex_client),
      tag_of: (s, step) => s.tags.tagOf(step.company_id, step.routine_id),
      company_followup_put: (s, step) => s.tags.followupPut(s.dir, step.user, step.company_id),
    },
  },
}

/** Whether this binding runs the case; `false` means it is skipped. */
export function supported(c) {
  if (c.op === 'script') {
    const first = c.input?.steps?.[0]?.do
    return typeof first === 'string' && Object.values(SCRIPT_ACTIONS).some((m) => first in m.actions)
  }
  return c.op in OPS
}

/** Runs a case: its result as snake_case JSON, or `{error, message}`. */
export function run(c) {
  try {
    return fromJs(OPS[c.op].run(c))
  } catch (e) {
    const error = { error: e.code ?? 'thrown', message: String(e.message ?? e) }
    if (e.path !== undefined) error.path = e.path
    return error
  }
}

/** Runs a case and compares; returns `null` when it passes, else what differed. */
export function check(c) {
  const actual = run(c)
  const diff = compare(c.expected, actual, OPS[c.op].ordered)
  return diff === null ? null : `${diff}\n  actual: ${JSON.stringify(actual)}`
}

// --- Comparison (tests/vectors/README.md) ------------------------------------

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

function sameInstant(a, b) {
  if (!RFC3339.test(a) || !RFC3339.test(b)) return false
  return instantKey(a) === instantKey(b)
}

/** An instant as (seconds since epoch, nanoseconds) text, exact beyond milliseconds. */
function instantKey(s) {
  const m = s.match(/^(.*?:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/)
  const seconds = Date.parse(m[1] + m[3]) / 1000
  const nanos = ((m[2] ?? '.') + '000000000').slice(1, 10)
  return `${seconds}.${nanos}`
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)

/** `null` when `actual` matches `expected`, else a message naming the path. */
export function compare(expected, actual, ordered, path = '$', inOrder = false) {
  if (isObject(expected)) {
    if (!isObject(actual)) return `${path}: expected an object with keys ${JSON.stringify(Object.keys(expected))}, got ${JSON.stringify(actual)}`
    for (const [key, want] of Object.entries(expected)) {
      if (key === 'message') continue
      const sub = `${path}.${key}`
      if (!(key in actual) || actual[key] === undefined) {
        if (want === null) continue
        return `${sub}: missing (expected ${JSON.stringify(want)})`
      }
      const d = compare(want, actual[key], ordered, sub, ordered.includes(key))
      if (d !== null) return d
    }
    return null
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected a list, got ${JSON.stringify(actual)}`
    if (expected.length !== actual.length) return `${path}: expected ${expected.length} items, got ${actual.length}`
    if (inOrder) {
      for (let i = 0; i < expected.length; i++) {
        const d = compare(expected[i], actual[i], ordered, `${path}[${i}]`, false)
        if (d !== null) return d
      }
      return null
    }
    return compareAsSets(path, expected, actual, ordered)
  }
  if (typeof expected === 'number' && typeof actual === 'number') {
    return expected === actual ? null : `${path}: expected ${expected}, got ${actual}`
  }
  if (typeof expected === 'string' && typeof actual === 'string') {
    return expected === actual || sameInstant(expected, actual) ? null : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
  }
  return expected === actual ? null : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
}

/** A perfect matching between expected and actual items (augmenting paths). */
function compareAsSets(path, expected, actual, ordered) {
  const fits = expected.map((e) => actual.flatMap((a, j) => (compare(e, a, ordered, path, false) === null ? [j] : [])))
  const owner = new Array(actual.length).fill(-1)
  const augment = (i, seen) => {
    for (const j of fits[i]) {
      if (seen[j]) continue
      seen[j] = true
      if (owner[j] === -1 || augment(owner[j], seen)) {
        owner[j] = i
        return true
      }
    }
    return false
  }
  for (let i = 0; i < expected.length; i++) {
    if (!augment(i, new Array(actual.length).fill(false))) {
      return `${path}: no actual item matches expected ${JSON.stringify(expected[i])}`
    }
  }
  return null
}
