// The conformance vectors (tests/vectors/) run through the generated
// Kotlin API: each case's JSON input is turned into uniffi records here,
// the op is called like an app would call it, and the result records are
// turned back into a JSON-like tree compared by the rules of
// tests/vectors/README.md. Ops of modules this binding does not expose yet
// are counted as skipped, never as passed.
package filrouge.test

import filrouge.*
import java.io.File
import java.time.Instant
import java.time.OffsetDateTime

/** A case whose input does not have the op's shape (the `invalid_input` error). */
class BadInput(message: String) : Exception(message)

/** A script step whose `do` names no action of its module (the `unknown_action` error). */
class UnknownAction(message: String) : Exception(message)

class Outcome(val passed: Int, val failed: Int, val skipped: Int, val failures: List<String>)

object Vectors {
    /** Op name → (runner, keys whose lists compare in order). */
    private val OPS: Map<String, Pair<(Case) -> Any?, Set<String>>> = mapOf(
        "reconcile" to Pair(::reconcileOp, setOf()),
        "reconcile_batches" to Pair(::reconcileBatchesOp, setOf("changes")),
        "history" to Pair(::historyOp, setOf("entries")),
        "restitution" to Pair(::restitutionOp, setOf()),
        "retention" to Pair(::retentionOp, setOf()),
        "condition" to Pair(::conditionOp, setOf()),
        "followup_merge" to Pair(FollowupScript::mergeOp, setOf()),
        "followup_lists" to Pair(FollowupScript::listsOp, setOf("todo", "upcoming")),
        "score" to Pair(ScoringScript::scoreOp, setOf("ranking")),
        "rescore" to Pair(ScoringScript::rescoreOp, setOf("ranking")),
        "nps" to Pair(TriggerScript::npsOp, setOf()),
    )

    /** Script modules this binding runs: (actions, runner); the first step's action picks the module. */
    private val SCRIPT_MODULES: List<Pair<Set<String>, (Case, List<Any?>) -> List<Any?>>> = listOf(
        Pair(RevealScript.ACTIONS, RevealScript::run),
        Pair(FollowupScript.ACTIONS, FollowupScript::run),
        Pair(ScoringScript.ACTIONS, ScoringScript::run),
        Pair(TriggerScript.ACTIONS, TriggerScript::run),
        Pair(PipelineScript.ACTIONS, PipelineScript::run),
    )

    class Case(val file: String, val raw: Map<String, Any?>) {
        val op = raw["op"] as String
        val name = raw["name"] as String
        val rule = raw["rule"] as String
        val input: Map<String, Any?> = obj(raw["input"] ?: mapOf<String, Any?>(), "input")
        val config: Map<String, Any?> = obj(raw["config"] ?: mapOf<String, Any?>(), "config")
        val now: Instant? = (raw["now"] as String?)?.let(::instant)
        fun needNow(): Instant = now ?: throw BadInput("this op needs \"now\"")
    }

    fun runAll(root: File): Outcome {
        var passed = 0
        var failed = 0
        var skipped = 0
        val failures = ArrayList<String>()
        val files = root.walkTopDown().filter { it.isFile && it.name.endsWith(".json") }.sortedBy { it.path }.toList()
        if (files.isEmpty()) throw IllegalStateException("no vector files under $root")
        for (f in files) {
            val parsed = Json.parse(f.readText())
            val cases = if (parsed is List<*>) parsed else listOf(parsed)
            for (raw in cases) {
                @Suppress("UNCHECKED_CAST")
                val case = Case(f.path, raw as Map<String, Any?>)
                val script = if (case.op == "script") SCRIPT_MODULES.firstOrNull { firstAction(case) in it.first } else null
                val op = OPS[case.op] ?: script?.let { m ->
                    Pair({ c: Case -> mapOf("results" to m.second(c, list(c.input["steps"], "input.steps"))) }, setOf("results"))
                }
                if (op == null) {
                    skipped++
                    continue
                }
                val ordered = op.second
                val actual = try {
                    op.first(case)
                } catch (e: FilrougeException) {
                    errorTree(e)
                } catch (e: BadInput) {
                    mapOf("error" to "invalid_input", "message" to e.message)
                }
                val diff = Compare.diff("$", case.raw["expected"], actual, ordered, false)
                if (diff == null) {
                    passed++
                } else {
                    failed++
                    failures.add("${case.file}: ${case.rule} ${case.name}: $diff\n    actual: ${Json.write(actual)}")
                }
            }
        }
        return Outcome(passed, failed, skipped, failures)
    }

    private fun firstAction(case: Case): String? =
        ((case.input["steps"] as? List<*>)?.firstOrNull() as? Map<*, *>)?.get("do") as? String

    /** One script step's result: its value, or the error it raised as the vectors write errors. */
    inline fun outcome(step: () -> Any?): Any? =
        try {
            step()
        } catch (e: FilrougeException) {
            errorTree(e)
        } catch (e: BadInput) {
            mapOf("error" to "invalid_input", "message" to e.message)
        } catch (e: UnknownAction) {
            mapOf("error" to "unknown_action", "message" to e.message)
        }

    fun errorTree(e: FilrougeException): Map<String, Any?> = when (e) {
        is FilrougeException.Refused -> mapOf("error" to e.code, "path" to e.path, "message" to e.detail)
        is FilrougeException.InvalidInput -> mapOf("error" to e.code, "message" to e.detail)
        is FilrougeException.Internal -> mapOf("error" to e.code, "message" to e.detail)
    }

    // --- ops ---------------------------------------------------------------

    private fun reconcileOp(c: Case): Any? {
        val out = reconcile(contacts(c.input["contacts"]), reports(c.input["reports"]), historyConfig(c.config), c.needNow())
        return Tree.reconciliation(out)
    }

    private fun reconcileBatchesOp(c: Case): Any? {
        val batches = list(c.input["batches"] ?: throw BadInput("input.batches is missing"), "batches")
        val changes = ArrayList<Any?>()
        Reconciler(historyConfig(c.config)).use { engine ->
            for (b in batches) {
                val batch = obj(b, "batch")
                known(batch, "batch", "contacts", "reports", "now")
                val at = (batch["now"] as String?)?.let(::instant) ?: c.needNow()
                changes.add(engine.add(contacts(batch["contacts"]), reports(batch["reports"]), at).map(Tree::change))
            }
            val out = Tree.reconciliation(engine.reconciliation()).toMutableMap()
            out["changes"] = changes
            return out
        }
    }

    private fun historyOp(c: Case): Any? {
        val clientId = c.input["client_id"] as? String ?: throw BadInput("input.client_id is missing")
        val options = HistoryOptions(
            legalEntities = strings(c.input["legal_entities"]).toSet(),
            holds = strings(c.input["holds"]).toSet(),
        )
        val h = history(clientId, contacts(c.input["contacts"]), reports(c.input["reports"]), options, historyConfig(c.config), c.needNow())
        return Tree.history(h)
    }

    private fun restitutionOp(c: Case): Any? {
        val contact = contact(c.input["contact"] ?: throw BadInput("input.contact is missing"))
        return Tree.visibility(restitution(contact, historyConfig(c.config).restitution))
    }

    private fun retentionOp(c: Case): Any? {
        known(c.config, "config", "time_zone", "rules", "extra_rules")
        var policy = defaultRetentionPolicy()
        (c.config["time_zone"] as String?)?.let { policy = policy.copy(timeZone = it) }
        c.config["rules"]?.let { rs -> policy = policy.copy(rules = list(rs, "rules").map(::rule)) }
        c.config["extra_rules"]?.let { rs -> policy = policy.copy(rules = policy.rules + list(rs, "extra_rules").map(::rule)) }
        val records = list(c.input["records"] ?: throw BadInput("input.records is missing"), "records").map(::record)
        val out = evaluate(policy, records, strings(c.input["holds"]), strings(c.input["erasures"]), c.needNow())
        return Tree.evaluation(out)
    }

    private fun conditionOp(c: Case): Any? {
        if (!c.input.containsKey("condition")) throw BadInput("input.condition is missing")
        val record = obj(c.input["record"] ?: mapOf<String, Any?>(), "record").mapValues { (_, v) -> field(v) }
        return Condition.parse(Json.write(c.input["condition"])).use { mapOf("result" to it.evaluate(record)) }
    }

    // --- JSON → records (what an app's own mapping would do) ---------------

    fun field(v: Any?): FieldValue = when (v) {
        null -> FieldValue.Null
        is Boolean -> FieldValue.Bool(v)
        is Long -> FieldValue.Number(v.toDouble())
        is Double -> FieldValue.Number(v)
        is String -> FieldValue.Text(v)
        is List<*> -> FieldValue.Items(v.map(::field))
        else -> throw BadInput("a record field must be a scalar or a list, got ${Json.write(v)}")
    }


    fun obj(v: Any?, what: String): Map<String, Any?> {
        @Suppress("UNCHECKED_CAST")
        return v as? Map<String, Any?> ?: throw BadInput("$what: expected an object, got ${Json.write(v)}")
    }

    fun list(v: Any?, what: String): List<Any?> = v as? List<Any?> ?: throw BadInput("$what: expected a list")

    fun strings(v: Any?): List<String> = if (v == null) listOf() else list(v, "list").map { it as? String ?: throw BadInput("expected a string, got $it") }

    /** Unknown keys are refused, as the core's serde (`deny_unknown_fields`) does. */
    fun known(m: Map<String, Any?>, what: String, vararg keys: String) {
        val unknown = m.keys - keys.toSet()
        if (unknown.isNotEmpty()) throw BadInput("$what: unknown field(s) $unknown")
    }

    fun instant(s: Any?): Instant = try {
        OffsetDateTime.parse(s as String).toInstant()
    } catch (e: Exception) {
        throw BadInput("not an RFC 3339 instant: $s")
    }

    private fun str(m: Map<String, Any?>, k: String): String = m[k] as? String ?: throw BadInput("$k: expected a string")
    private fun optStr(m: Map<String, Any?>, k: String): String? = m[k]?.let { it as? String ?: throw BadInput("$k: expected a string") }
    private fun optUInt(m: Map<String, Any?>, k: String): UInt? = m[k]?.let { num(it, k).toUInt() }
    private fun optBool(m: Map<String, Any?>, k: String): Boolean? = m[k]?.let { it as? Boolean ?: throw BadInput("$k: expected a boolean") }
    private fun num(v: Any?, k: String): Long {
        val n = v as? Long ?: throw BadInput("$k: expected a whole number, got $v")
        if (n < 0) throw BadInput("$k: expected a non-negative number, got $n")
        return n
    }

    /** An enum from its lower-snake JSON name (`voicemail_left` → `VOICEMAIL_LEFT`). */
    inline fun <reified E : Enum<E>> enumOf(v: Any?): E {
        val s = v as? String ?: throw BadInput("expected a name, got $v")
        return enumValues<E>().firstOrNull { it.name.lowercase() == s } ?: throw BadInput("unknown ${E::class.simpleName} $s")
    }

    fun contacts(v: Any?): List<Contact> = if (v == null) listOf() else list(v, "contacts").map(::contact)
    fun reports(v: Any?): List<Report> = if (v == null) listOf() else list(v, "reports").map(::report)

    fun contact(v: Any?): Contact {
        val m = obj(v, "contact")
        known(m, "contact", "id", "parties", "advisor_id", "channel", "direction", "occurred_at", "duration_s", "call_outcome",
            "answered", "voicemail_at_s", "subject", "mail_source", "notification_topic", "letter_kind", "has_inline_images", "received_at")
        return Contact(
            id = str(m, "id"),
            parties = strings(m["parties"] ?: throw BadInput("parties is missing")),
            advisorId = optStr(m, "advisor_id"),
            channel = enumOf(m["channel"]),
            direction = enumOf(m["direction"]),
            occurredAt = instant(m["occurred_at"]),
            durationS = optUInt(m, "duration_s"),
            callOutcome = m["call_outcome"]?.let { enumOf<CallOutcome>(it) },
            answered = optBool(m, "answered"),
            voicemailAtS = optUInt(m, "voicemail_at_s"),
            subject = optStr(m, "subject"),
            mailSource = m["mail_source"]?.let { enumOf<MailSource>(it) },
            notificationTopic = optStr(m, "notification_topic"),
            letterKind = optStr(m, "letter_kind"),
            hasInlineImages = optBool(m, "has_inline_images"),
            receivedAt = m["received_at"]?.let(::instant),
        )
    }

    fun report(v: Any?): Report {
        val m = obj(v, "report")
        known(m, "report", "id", "client_id", "advisor_id", "channel", "initiative", "entered_at", "motive", "comment")
        return Report(
            id = str(m, "id"),
            clientId = str(m, "client_id"),
            advisorId = str(m, "advisor_id"),
            channel = enumOf(m["channel"]),
            initiative = enumOf(m["initiative"]),
            enteredAt = instant(m["entered_at"]),
            motive = optStr(m, "motive"),
            comment = optStr(m, "comment"),
        )
    }

    /** `config` overrides on top of the SPEC's defaults. */
    fun historyConfig(m: Map<String, Any?>): Config {
        known(m, "config", "time_zone", "window_days", "just_after_s", "late_arrival_horizon_s", "comment_max_chars",
            "comment_display_chars", "restitution", "coverage", "retention")
        var c = defaultConfig()
        optStr(m, "time_zone")?.let { c = c.copy(timeZone = it) }
        optUInt(m, "window_days")?.let { c = c.copy(windowDays = it) }
        optUInt(m, "just_after_s")?.let { c = c.copy(justAfterS = it) }
        m["late_arrival_horizon_s"]?.let { c = c.copy(lateArrivalHorizonS = num(it, "late_arrival_horizon_s").toULong()) }
        m["comment_max_chars"]?.let { c = c.copy(commentMaxChars = num(it, "comment_max_chars").toULong()) }
        m["comment_display_chars"]?.let { c = c.copy(commentDisplayChars = num(it, "comment_display_chars").toULong()) }
        m["coverage"]?.let { cov ->
            c = c.copy(coverage = obj(cov, "coverage").entries.associate { (k, v) -> enumOf<Channel>(k) to instant(v) })
        }
        m["restitution"]?.let { r ->
            val o = obj(r, "restitution")
            known(o, "restitution", "min_outbound_call_s", "excluded_subject_words", "notification_topics", "letter_kinds")
            var f = c.restitution
            optUInt(o, "min_outbound_call_s")?.let { f = f.copy(minOutboundCallS = it) }
            o["excluded_subject_words"]?.let { f = f.copy(excludedSubjectWords = strings(it)) }
            o["notification_topics"]?.let { f = f.copy(notificationTopics = strings(it)) }
            o["letter_kinds"]?.let { f = f.copy(letterKinds = strings(it)) }
            c = c.copy(restitution = f)
        }
        m["retention"]?.let { r ->
            val o = obj(r, "retention")
            known(o, "retention", "time_zone", "rules")
            var p = c.retention
            optStr(o, "time_zone")?.let { p = p.copy(timeZone = it) }
            o["rules"]?.let { rs -> p = p.copy(rules = list(rs, "rules").map(::rule)) }
            c = c.copy(retention = p)
        }
        return c
    }

    fun rule(v: Any?): Rule {
        val m = obj(v, "rule")
        known(m, "rule", "mail_source", "channel", "part", "keep")
        if (!m.containsKey("keep")) throw BadInput("rule: keep is missing")
        return Rule(
            mailSource = m["mail_source"]?.let { enumOf<SourceRow>(it) },
            channel = m["channel"]?.let { enumOf<Channel>(it) },
            part = enumOf(m["part"]),
            keep = m["keep"]?.let { k ->
                val o = obj(k, "keep")
                if (o.size != 1) throw BadInput("keep: exactly one of days, months, years")
                val (unit, n) = o.entries.first()
                val count = num(n, unit).toUInt()
                when (unit) {
                    "days" -> CalendarPeriod.Days(count)
                    "months" -> CalendarPeriod.Months(count)
                    "years" -> CalendarPeriod.Years(count)
                    else -> throw BadInput("keep: unknown unit $unit")
                }
            },
        )
    }

    fun record(v: Any?): Record {
        val m = obj(v, "record")
        known(m, "record", "id", "client_id", "channel", "mail_source", "occurred_at")
        return Record(
            id = str(m, "id"),
            clientId = str(m, "client_id"),
            channel = enumOf(m["channel"]),
            mailSource = m["mail_source"]?.let { enumOf<MailSource>(it) },
            occurredAt = instant(m["occurred_at"]),
        )
    }
}

/** Result records → the JSON shape of tests/vectors/README.md. */
object Tree {
    private fun name(e: Enum<*>?): String? = e?.name?.lowercase()
    private fun at(i: Instant?): String? = i?.toString()

    fun rejection(r: Rejection) = mapOf("id" to r.id, "rule" to r.rule, "code" to r.code, "message" to r.message)

    fun reconciliation(r: Reconciliation): Map<String, Any?> = mapOf(
        "links" to r.links.map { mapOf("report_id" to it.reportId, "contact_id" to it.contactId, "rule" to name(it.rule)) },
        "orphans" to r.orphans.map { mapOf("report_id" to it.reportId, "status" to name(it.status)) },
        "reported" to r.reported,
        "rejected" to r.rejected.map(::rejection),
    )

    fun change(c: Change): Map<String, Any?> = when (c) {
        is Change.Linked -> mapOf("change" to "linked", "report_id" to c.reportId, "contact_id" to c.contactId, "rule" to name(c.rule))
        is Change.Moved -> mapOf("change" to "moved", "report_id" to c.reportId, "from" to c.from, "to" to c.to, "rule" to name(c.rule))
        is Change.OrphanCreated -> mapOf("change" to "orphan_created", "report_id" to c.reportId, "status" to name(c.status),
            "previous_contact_id" to c.previousContactId)
        is Change.OrphanResolved -> mapOf("change" to "orphan_resolved", "report_id" to c.reportId, "contact_id" to c.contactId,
            "rule" to name(c.rule))
        is Change.OrphanFinal -> mapOf("change" to "orphan_final", "report_id" to c.reportId)
        is Change.Reported -> mapOf("change" to "reported", "report_id" to c.reportId)
        is Change.Rejected -> mapOf("change" to "rejected", "record" to c.record, "rejection" to rejection(c.rejection))
    }

    fun history(h: History): Map<String, Any?> = mapOf(
        "client_id" to h.clientId,
        "entries" to h.entries.map { e ->
            mapOf(
                "id" to e.id, "kind" to name(e.kind), "occurred_at" to at(e.occurredAt), "channel" to name(e.channel),
                "direction" to name(e.direction), "advisor_id" to e.advisorId, "report_id" to e.reportId,
                "link_rule" to name(e.linkRule), "orphan_status" to name(e.orphanStatus), "motive" to e.motive,
                "comment" to e.comment, "comment_truncated" to e.commentTruncated, "duration_s" to e.durationS?.toLong(),
                "call_outcome" to name(e.callOutcome), "subject" to e.subject,
            ).filterValues { it != null }
        },
        "coverage" to h.coverage.map { mapOf("channel" to name(it.channel), "since" to at(it.since)) },
    )

    fun visibility(v: Visibility): Map<String, Any?> =
        mapOf("visible" to v.visible, "reason" to name(v.reason), "call_outcome" to name(v.callOutcome)).filterValues { it != null }

    fun evaluation(e: Evaluation): Map<String, Any?> = mapOf(
        "records" to e.records.map { r ->
            mapOf(
                "id" to r.id,
                "purge" to r.purge.map(::name),
                "next_expiry" to at(r.nextExpiry),
                "kept" to r.kept.map { k -> mapOf("part" to name(k.part), "reason" to name(k.reason), "until" to at(k.until)).filterValues { it != null } },
                "erased" to r.erased,
            )
        },
        "rejected" to e.rejected.map(::rejection),
    )
}

/** The comparison rules of tests/vectors/README.md ("How `expected` is compared"). */
object Compare {
    /** null when `actual` matches `expected`, else what differs. */
    fun diff(path: String, expected: Any?, actual: Any?, ordered: Set<String>, inOrder: Boolean): String? {
        if (expected is Map<*, *>) {
            if (actual !is Map<*, *>) return "$path: expected an object, got ${Json.write(actual)}"
            for ((k, want) in expected) {
                if (k == "message") continue
                val sub = "$path.$k"
                if (!actual.containsKey(k) || actual[k] == null) {
                    if (want == null) continue
                    return "$sub: missing (expected ${Json.write(want)})"
                }
                diff(sub, want, actual[k], ordered, k in ordered)?.let { return it }
            }
            return null
        }
        if (expected is List<*>) {
            if (actual !is List<*>) return "$path: expected a list, got ${Json.write(actual)}"
            if (expected.size != actual.size) return "$path: expected ${expected.size} items, got ${actual.size}"
            if (inOrder) {
                for (i in expected.indices) diff("$path[$i]", expected[i], actual[i], ordered, false)?.let { return it }
                return null
            }
            return asSets(path, expected, actual, ordered)
        }
        if (expected is Number && actual is Number) {
            return if (expected.toDouble() == actual.toDouble()) null else "$path: expected $expected, got $actual"
        }
        if (expected is String && actual is String) {
            return if (expected == actual || sameInstant(expected, actual)) null else "$path: expected \"$expected\", got \"$actual\""
        }
        return if (expected == actual) null else "$path: expected ${Json.write(expected)}, got ${Json.write(actual)}"
    }

    /** A perfect matching between expected and actual items (augmenting paths). */
    private fun asSets(path: String, e: List<*>, a: List<*>, ordered: Set<String>): String? {
        val fits = e.map { x -> a.indices.filter { j -> diff(path, x, a[j], ordered, false) == null } }
        val owner = arrayOfNulls<Int>(a.size)
        fun augment(i: Int, seen: BooleanArray): Boolean {
            for (j in fits[i]) {
                if (seen[j]) continue
                seen[j] = true
                val k = owner[j]
                if (k == null || augment(k, seen)) {
                    owner[j] = i
                    return true
                }
            }
            return false
        }
        for (i in e.indices) {
            if (!augment(i, BooleanArray(a.size))) return "$path: no actual item matches expected ${Json.write(e[i])}"
        }
        return null
    }

    private fun sameInstant(a: String, b: String): Boolean = try {
        OffsetDateTime.parse(a).toInstant() == OffsetDateTime.parse(b).toInstant()
    } catch (e: Exception) {
        false
    }
}
