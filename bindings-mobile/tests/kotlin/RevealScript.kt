// The reveal script actions of tests/vectors/README.md ("### reveal"), run
// on RevealLedger objects through the generated API: each step's JSON is
// turned into records, the ledger's method is called, the result records
// turned back into the README's JSON shape.
package filrouge.test

import filrouge.*
import java.time.Instant

object RevealScript {
    val ACTIONS: Set<String> = setOf(
        "recommend", "open_project", "reveal", "impersonate", "can_see", "change_coordinates", "leave_company",
        "enrich", "mark_diagnostic", "undo_diagnostic", "diagnostic", "reveal_stats", "consumption",
        "merge_ledgers", "export_events", "import_events", "replay", "compare_ledgers",
    )

    /** Actions that take the script's default `tenant` and (but `diagnostic`) the case's `now` as `at`. */
    private val TAKES_TENANT: Set<String> = setOf(
        "recommend", "open_project", "reveal", "impersonate", "can_see", "change_coordinates", "leave_company",
        "enrich", "mark_diagnostic", "undo_diagnostic", "diagnostic", "consumption",
    )

    fun run(c: Vectors.Case, steps: List<Any?>): List<Any?> {
        val config = config(c.config)
        val ledgers = LinkedHashMap<String, RevealLedger>()
        try {
            return steps.map { step ->
                Vectors.outcome {
                    step(c, config, ledgers, step)
                }
            }
        } finally {
            ledgers.values.forEach { it.destroy() }
        }
    }


    private fun step(c: Vectors.Case, config: RevealConfig, ledgers: MutableMap<String, RevealLedger>, raw: Any?): Any? {
        val s = LinkedHashMap(Vectors.obj(raw, "step"))
        val action = s.remove("do") as? String ?: throw BadInput("a step needs \"do\": an action name")
        if (action !in ACTIONS) throw UnknownAction("no reveal action named $action")
        val name = s.remove("ledger")?.let { it as? String ?: throw BadInput("\"ledger\" is a name") } ?: "main"
        if (action in TAKES_TENANT) {
            if (!s.containsKey("tenant")) c.input["tenant"]?.let { s["tenant"] = it }
            if (!s.containsKey("at") && action != "diagnostic") c.now?.let { s["at"] = it.toString() }
        }
        val ledger = { n: String -> ledgers.getOrPut(n) { RevealLedger(config) } }
        val main = ledger(name)
        return when (action) {
            "recommend" -> {
                Vectors.known(s, "recommend", "tenant", "context", "requester", "contact", "at")
                main.recommend(str(s, "tenant"), context(s["context"]), str(s, "requester"), str(s, "contact"), at(s))
                mapOf("ok" to true)
            }
            "open_project" -> {
                Vectors.known(s, "open_project", "tenant", "context", "requester", "at")
                main.openProject(str(s, "tenant"), context(s["context"]), str(s, "requester"), at(s))
                mapOf("ok" to true)
            }
            "reveal" -> {
                Vectors.known(s, "reveal", "key", "tenant", "viewer", "role", "subject", "context", "at", "impersonated_by")
                outcome(main.reveal(request(s, s["impersonated_by"]?.let { it as? String ?: throw BadInput("impersonated_by: a string") })))
            }
            "impersonate" -> {
                Vectors.known(s, "impersonate", "admin", "key", "tenant", "viewer", "role", "subject", "context", "at")
                outcome(main.reveal(request(s, str(s, "admin"))))
            }
            "can_see" -> {
                Vectors.known(s, "can_see", "tenant", "viewer", "role", "subject", "context", "at")
                val v = main.canSee(str(s, "tenant"), str(s, "viewer"), Vectors.enumOf(s["role"]), str(s, "subject"), context(s["context"]), at(s))
                mapOf("visible" to v.visible, "reason" to name(v.reason))
            }
            "change_coordinates", "leave_company" -> {
                Vectors.known(s, action, "tenant", "subject", "at")
                if (action == "change_coordinates") main.changeCoordinates(str(s, "tenant"), str(s, "subject"), at(s))
                else main.leaveCompany(str(s, "tenant"), str(s, "subject"), at(s))
                mapOf("ok" to true)
            }
            "enrich" -> {
                Vectors.known(s, "enrich", "key", "tenant", "subject", "by", "at", "succeeded")
                val o = main.enrich(EnrichRequest(str(s, "key"), str(s, "tenant"), str(s, "subject"), str(s, "by"), at(s),
                    s["succeeded"] as? Boolean ?: throw BadInput("succeeded: a boolean")))
                mapOf("logged" to o.logged, "consumed" to o.consumed, "replayed" to o.replayed)
            }
            "mark_diagnostic", "undo_diagnostic" -> {
                Vectors.known(s, action, "tenant", "project", "actor", "role", "at")
                val r = DiagnosticRequest(str(s, "tenant"), context(s["project"]), str(s, "actor"), Vectors.enumOf(s["role"]), at(s))
                diagnostic(if (action == "mark_diagnostic") main.markDiagnostic(r) else main.undoDiagnostic(r))
            }
            "diagnostic" -> {
                Vectors.known(s, "diagnostic", "tenant", "project")
                diagnostic(main.diagnostic(str(s, "tenant"), context(s["project"])))
            }
            "reveal_stats" -> {
                Vectors.known(s, "reveal_stats", "tenant", "from", "to", "period", "group_by")
                var q = defaultStatsQuery()
                s["tenant"]?.let { q = q.copy(tenant = it as? String ?: throw BadInput("tenant: a string")) }
                s["from"]?.let { q = q.copy(from = Vectors.instant(it)) }
                s["to"]?.let { q = q.copy(to = Vectors.instant(it)) }
                s["period"]?.let { q = q.copy(period = Vectors.enumOf(it)) }
                s["group_by"]?.let { g -> q = q.copy(groupBy = Vectors.list(g, "group_by").map { Vectors.enumOf<Dimension>(it) }) }
                stats(main.stats(q))
            }
            "consumption" -> {
                Vectors.known(s, "consumption", "tenant", "at")
                consumption(main.consumption(str(s, "tenant"), at(s)))
            }
            "export_events" -> {
                Vectors.known(s, "export_events")
                val events = main.events()
                mapOf("count" to events.size.toLong(), "events" to events.map(::event))
            }
            "import_events" -> {
                Vectors.known(s, "import_events", "events")
                val events = Vectors.list(s["events"] ?: throw BadInput("events is missing"), "events").map(::event)
                importReport(main.`import`(events))
            }
            "replay" -> {
                Vectors.known(s, "replay")
                RevealLedger(config).use { replayed ->
                    val report = replayed.`import`(main.events())
                    val q = defaultStatsQuery()
                    mapOf("same" to (replayed == main && replayed.stats(q) == main.stats(q)),
                        "events" to replayed.len().toLong(), "rejected" to report.rejected.map(Tree::rejection))
                }
            }
            "merge_ledgers" -> {
                Vectors.known(s, "merge_ledgers", "into", "from")
                val into = ledger(s["into"]?.let { it as? String ?: throw BadInput("into: a name") } ?: "main")
                importReport(into.merge(ledger(str(s, "from"))))
            }
            "compare_ledgers" -> {
                Vectors.known(s, "compare_ledgers", "a", "b")
                val (a, b) = Pair(ledger(str(s, "a")), ledger(str(s, "b")))
                val q = defaultStatsQuery()
                mapOf("equal" to (a == b && a.stats(q) == b.stats(q)), "events" to listOf(a.len().toLong(), b.len().toLong()))
            }
            else -> throw UnknownAction("no reveal action named $action")
        }
    }

    // --- JSON → records ------------------------------------------------------

    fun config(m: Map<String, Any?>): RevealConfig {
        Vectors.known(m, "config", "scope", "lapse_on_coordinate_change", "lapse_after_days", "follow_up_after_days", "time_zone", "portals")
        var c = defaultRevealConfig()
        m["scope"]?.let { c = c.copy(scope = Vectors.enumOf(it)) }
        m["lapse_on_coordinate_change"]?.let { c = c.copy(lapseOnCoordinateChange = it as? Boolean ?: throw BadInput("lapse_on_coordinate_change: a boolean")) }
        if (m.containsKey("lapse_after_days")) c = c.copy(lapseAfterDays = m["lapse_after_days"]?.let { days(it) })
        if (m.containsKey("follow_up_after_days")) c = c.copy(followUpAfterDays = m["follow_up_after_days"]?.let { days(it) })
        m["time_zone"]?.let { c = c.copy(timeZone = it as? String ?: throw BadInput("time_zone: a string")) }
        m["portals"]?.let { p ->
            c = c.copy(portals = Vectors.obj(p, "portals").mapValues { (_, o) ->
                val opts = Vectors.obj(o, "portal")
                Vectors.known(opts, "portal", "advisors_mark_diagnostics")
                PortalOptions(opts["advisors_mark_diagnostics"]?.let { it as? Boolean ?: throw BadInput("advisors_mark_diagnostics: a boolean") } ?: false)
            })
        }
        return c
    }

    private fun days(v: Any?): UInt {
        val n = v as? Long ?: throw BadInput("days: a whole number, got $v")
        if (n < 0 || n > UInt.MAX_VALUE.toLong()) throw BadInput("days out of range: $n")
        return n.toUInt()
    }

    private fun str(m: Map<String, Any?>, k: String): String = m[k] as? String ?: throw BadInput("$k: expected a string")
    private fun at(m: Map<String, Any?>): Instant = Vectors.instant(m["at"] ?: throw BadInput("at is missing"))

    fun context(v: Any?): Context {
        val m = Vectors.obj(v ?: throw BadInput("context is missing"), "context")
        Vectors.known(m, "context", "portal", "kind", "id")
        return Context(str(m, "portal"), Vectors.enumOf(m["kind"]), str(m, "id"))
    }

    private fun request(s: Map<String, Any?>, impersonatedBy: String?) = RevealRequest(
        key = str(s, "key"), tenant = str(s, "tenant"), viewer = str(s, "viewer"), role = Vectors.enumOf(s["role"]),
        subject = str(s, "subject"), context = context(s["context"]), at = at(s), impersonatedBy = impersonatedBy,
    )

    fun event(v: Any?): Event {
        val m = Vectors.obj(v, "event")
        fun keys(vararg k: String) = Vectors.known(m, "event", "event", "at", "tenant", *k)
        val at = at(m)
        val tenant = str(m, "tenant")
        return when (m["event"]) {
            "recommended" -> { keys("context", "requester", "contact"); Event.Recommended(at, tenant, context(m["context"]), str(m, "requester"), str(m, "contact")) }
            "project_opened" -> { keys("context", "requester"); Event.ProjectOpened(at, tenant, context(m["context"]), str(m, "requester")) }
            "coordinates_changed" -> { keys("subject"); Event.CoordinatesChanged(at, tenant, str(m, "subject")) }
            "left_company" -> { keys("subject"); Event.LeftCompany(at, tenant, str(m, "subject")) }
            "enriched" -> { keys("key", "subject", "by"); Event.Enriched(at, tenant, str(m, "key"), str(m, "subject"), str(m, "by")) }
            "revealed" -> {
                keys("key", "viewer", "role", "subject", "context")
                Event.Revealed(at, tenant, str(m, "key"), str(m, "viewer"), Vectors.enumOf(m["role"]), str(m, "subject"), context(m["context"]))
            }
            "diagnostic_marked" -> { keys("project", "actor", "role"); Event.DiagnosticMarked(at, tenant, context(m["project"]), str(m, "actor"), Vectors.enumOf(m["role"])) }
            "diagnostic_undone" -> { keys("project", "actor", "role"); Event.DiagnosticUndone(at, tenant, context(m["project"]), str(m, "actor"), Vectors.enumOf(m["role"])) }
            else -> throw BadInput("unknown event ${m["event"]}")
        }
    }

    // --- records → JSON ------------------------------------------------------

    private fun name(e: Enum<*>?): String? = e?.name?.lowercase()

    fun context(c: Context) = mapOf("portal" to c.portal, "kind" to name(c.kind), "id" to c.id)

    fun outcome(o: RevealOutcome) = mapOf(
        "visible" to o.visible, "reason" to name(o.reason), "logged" to o.logged, "first" to o.first,
        "contact_made" to o.contactMade, "consumed" to o.consumed, "follow_up_at" to o.followUpAt?.toString(), "replayed" to o.replayed,
    )

    fun diagnostic(d: DiagnosticStatus) = mapOf(
        "marked" to d.marked, "marked_by" to d.markedBy, "marked_at" to d.markedAt?.toString(),
        "history" to d.history.map { mapOf("action" to name(it.action), "actor" to it.actor, "role" to name(it.role), "at" to it.at.toString()) },
    )

    private fun consumptionRow(r: ConsumptionRow) = mapOf("tenant" to r.tenant, "month" to r.month, "units" to r.units.toLong())

    fun stats(s: RevealStats) = mapOf(
        "contacts_made" to s.contactsMade.map {
            mapOf("tenant" to it.tenant, "portal" to it.portal, "context_kind" to name(it.contextKind), "context_id" to it.contextId,
                "role" to name(it.role), "period" to it.period, "count" to it.count.toLong()).filterValues { v -> v != null }
        },
        "diagnostics" to s.diagnostics.map {
            mapOf("tenant" to it.tenant, "portal" to it.portal, "period" to it.period, "done" to it.done.toLong(),
                "undone" to it.undone.toLong()).filterValues { v -> v != null }
        },
        "consumption" to s.consumption.map(::consumptionRow),
    )

    fun consumption(c: Consumption) = mapOf(
        "tenant" to c.tenant, "months" to c.months.map(::consumptionRow), "owned" to c.owned.toLong(), "left" to c.left.toLong(),
    )

    fun importReport(r: ImportReport) = mapOf(
        "added" to r.added.toLong(), "duplicates" to r.duplicates.toLong(), "rejected" to r.rejected.map(Tree::rejection),
    )

    fun event(e: Event): Map<String, Any?> = when (e) {
        is Event.Recommended -> mapOf("event" to "recommended", "at" to e.at.toString(), "tenant" to e.tenant, "context" to context(e.context),
            "requester" to e.requester, "contact" to e.contact)
        is Event.ProjectOpened -> mapOf("event" to "project_opened", "at" to e.at.toString(), "tenant" to e.tenant, "context" to context(e.context),
            "requester" to e.requester)
        is Event.CoordinatesChanged -> mapOf("event" to "coordinates_changed", "at" to e.at.toString(), "tenant" to e.tenant, "subject" to e.subject)
        is Event.LeftCompany -> mapOf("event" to "left_company", "at" to e.at.toString(), "tenant" to e.tenant, "subject" to e.subject)
        is Event.Enriched -> mapOf("event" to "enriched", "at" to e.at.toString(), "tenant" to e.tenant, "key" to e.key, "subject" to e.subject, "by" to e.by)
        is Event.Revealed -> mapOf("event" to "revealed", "at" to e.at.toString(), "tenant" to e.tenant, "key" to e.key, "viewer" to e.viewer,
            "role" to name(e.role), "subject" to e.subject, "context" to context(e.context))
        is Event.DiagnosticMarked -> mapOf("event" to "diagnostic_marked", "at" to e.at.toString(), "tenant" to e.tenant,
            "project" to context(e.project), "actor" to e.actor, "role" to name(e.role))
        is Event.DiagnosticUndone -> mapOf("event" to "diagnostic_undone", "at" to e.at.toString(), "tenant" to e.tenant,
            "project" to context(e.project), "actor" to e.actor, "role" to name(e.role))
    }
}
