// The follow-up ops (`followup_merge`, `followup_lists`) and script actions
// of tests/vectors/README.md ("### followup"), run on the generated API: a
// FollowUpBook object, cadences as plain records kept by the script, each
// step's JSON turned into records and the results back into JSON.
package filrouge.test

import filrouge.*
import java.time.LocalDate

object FollowupScript {
    val ACTIONS: Set<String> = setOf(
        "followup_put", "followup_put_all", "followup_get", "followup_unassign", "followup_delete", "followup_target",
        "followup_lists", "followup_page", "followup_page_all", "day_plan", "cadence_start", "cadence_done",
        "followup_export", "followup_import",
    )


    // --- ops ---------------------------------------------------------------------

    fun mergeOp(c: Vectors.Case): Any? {
        Vectors.known(c.input, "input", "a", "b")
        val m = merge(followup(c.input["a"] ?: throw BadInput("a is missing")), followup(c.input["b"] ?: throw BadInput("b is missing")))
        return mapOf("merged" to followup(m))
    }

    fun listsOp(c: Vectors.Case): Any? {
        Vectors.known(c.input, "input", "followups", "user", "today", "filters", "targets")
        val followups = Vectors.list(c.input["followups"] ?: throw BadInput("followups is missing"), "followups").map(::followup)
        val targets = c.input["targets"]?.let { t -> Vectors.obj(t, "targets").mapValues { (_, v) -> targetInfo(v) } } ?: mapOf()
        val l = lists(followups, targets, str(c.input, "user"), day(c.input["today"]), filters(c.input["filters"]))
        val all = l.todo + l.upcoming
        return mapOf(
            "todo" to l.todo.map { it.followup.targetId },
            "upcoming" to l.upcoming.map { it.followup.targetId },
            "lateness" to all.associate { it.followup.targetId to lateness(it.lateness) },
            "rejected" to l.rejected.map(Tree::rejection),
        )
    }

    // --- script ------------------------------------------------------------------

    private class State(val book: FollowUpBook, val config: FollowUpConfig) {
        val runs = HashMap<String, Pair<Cadence, CadenceRun>>()
        var cursor: String? = null
    }

    fun run(c: Vectors.Case, steps: List<Any?>): List<Any?> {
        Vectors.known(c.config, "config", "time_zone")
        var config = defaultFollowupConfig()
        c.config["time_zone"]?.let { config = config.copy(timeZone = it as? String ?: throw BadInput("time_zone: a string")) }
        FollowUpBook().use { book ->
            val state = State(book, config)
            return steps.map { step ->
                Vectors.outcome {
                    step(c, state, step)
                }
            }
        }
    }

    private fun today(c: Vectors.Case, state: State, s: Map<String, Any?>): LocalDate =
        s["today"]?.let(::day) ?: c.now?.let { followupToday(state.config, it) } ?: throw BadInput("this step needs \"today\" (or the case's \"now\")")

    private fun put(state: State, f: FollowUp): Map<String, Any?> {
        val outcome = state.book.put(f)
        return mapOf("outcome" to name(outcome), "followup" to state.book.get(f.targetId)?.let(::followup))
    }

    private fun step(c: Vectors.Case, state: State, raw: Any?): Any? {
        val s = LinkedHashMap(Vectors.obj(raw, "step"))
        val action = s.remove("do") as? String ?: throw BadInput("a step needs \"do\": an action name")
        val book = state.book
        return when (action) {
            "followup_put" -> {
                Vectors.known(s, action, "followup", "draft", "today")
                val f = when {
                    s["followup"] != null && s["draft"] == null -> followup(s["followup"])
                    s["draft"] != null && s["followup"] == null -> draftBuild(draft(s["draft"]), today(c, state, s))
                    else -> throw BadInput("followup_put takes either followup or draft")
                }
                put(state, f)
            }
            "followup_put_all" -> {
                Vectors.known(s, action, "followups")
                val rejected = book.putAll(Vectors.list(s["followups"] ?: throw BadInput("followups is missing"), "followups").map(::followup))
                mapOf("rejected" to rejected.map(Tree::rejection), "len" to book.len().toLong())
            }
            "followup_get" -> {
                Vectors.known(s, action, "target_id")
                mapOf("followup" to book.get(str(s, "target_id"))?.let(::followup))
            }
            "followup_unassign" -> {
                Vectors.known(s, action, "target_id", "user")
                when (val r = book.unassign(str(s, "target_id"), str(s, "user"))) {
                    is Removal.Unassigned -> mapOf("outcome" to "unassigned", "followup" to followup(r.followup))
                    is Removal.Deleted -> mapOf("outcome" to "deleted", "followup" to followup(r.followup))
                }
            }
            "followup_delete" -> {
                Vectors.known(s, action, "target_id")
                mapOf("outcome" to "deleted", "followup" to followup(book.delete(str(s, "target_id"))))
            }
            "followup_target" -> {
                Vectors.known(s, action, "target_id", "info")
                val id = str(s, "target_id")
                book.setTarget(id, s["info"]?.let(::targetInfo) ?: TargetInfo())
                mapOf("target_id" to id)
            }
            "followup_lists" -> {
                Vectors.known(s, action, "user", "today", "filters")
                val l = book.lists(str(s, "user"), today(c, state, s), filters(s["filters"]))
                mapOf("todo" to items(l.todo, 0), "upcoming" to items(l.upcoming, 0))
            }
            "followup_page" -> {
                Vectors.known(s, action, "user", "today", "list", "limit", "filters", "cursor", "continue")
                val cont = s["continue"]?.let { it as? Boolean ?: throw BadInput("continue: a boolean") } ?: false
                val cursor = if (cont) state.cursor else s["cursor"]?.let { it as? String ?: throw BadInput("cursor: a string") }
                val p = book.page(str(s, "user"), today(c, state, s), Vectors.enumOf(s["list"]), filters(s["filters"]), limit(s["limit"]), cursor)
                state.cursor = p.nextCursor
                mapOf("items" to items(p.items, 0), "has_next" to (p.nextCursor != null), "next_cursor" to p.nextCursor)
            }
            "followup_page_all" -> {
                Vectors.known(s, action, "user", "today", "list", "limit", "filters")
                val user = str(s, "user")
                val today = today(c, state, s)
                val list = Vectors.enumOf<FollowUpList>(s["list"])
                val filters = filters(s["filters"])
                val limit = limit(s["limit"])
                var cursor: String? = null
                val all = ArrayList<Any?>()
                val sizes = ArrayList<Long>()
                do {
                    val p = book.page(user, today, list, filters, limit, cursor)
                    sizes.add(p.items.size.toLong())
                    all.addAll(items(p.items, all.size))
                    cursor = p.nextCursor
                } while (cursor != null)
                mapOf("pages" to sizes.size.toLong(), "sizes" to sizes, "items" to all)
            }
            "day_plan" -> {
                Vectors.known(s, action, "user", "today", "filters", "suspects", "max_suspects")
                var options = defaultPlanOptions()
                s["suspects"]?.let { v ->
                    options = options.copy(suspects = Vectors.list(v, "suspects").map { o ->
                        val m = Vectors.obj(o, "suspect")
                        Vectors.known(m, "suspect", "company_id", "score")
                        Suspect(str(m, "company_id"), uint(m["score"], "score"))
                    })
                }
                s["max_suspects"]?.let { options = options.copy(maxSuspects = limit(it)) }
                val plan = book.dayPlan(str(s, "user"), today(c, state, s), filters(s["filters"]), options)
                mapOf("plan" to plan.items.mapIndexed { i, item -> planItem(i, item) }, "rejected" to plan.rejected.map(Tree::rejection))
            }
            "cadence_start" -> {
                Vectors.known(s, action, "cadence", "target_id", "assignees", "event")
                val cadence = cadence(s["cadence"])
                val targetId = str(s, "target_id")
                val started = cadenceStart(cadence, targetId, Vectors.strings(s["assignees"] ?: throw BadInput("assignees is missing")).toSet(), day(s["event"]))
                val put = put(state, started.followup ?: throw IllegalStateException("a started cadence without a follow-up"))
                state.runs[targetId] = Pair(cadence, started.run)
                mapOf("step" to started.run.step.toLong(), "outcome" to put["outcome"], "followup" to put["followup"])
            }
            "cadence_done" -> {
                Vectors.known(s, action, "target_id", "done_on")
                val targetId = str(s, "target_id")
                val (cadence, run) = state.runs[targetId]
                    ?: return mapOf("error" to "unknown_target", "message" to "no cadence runs on $targetId")
                val next = cadenceDone(cadence, run, day(s["done_on"]))
                state.runs[targetId] = Pair(cadence, next.run)
                // The step is done: its follow-up goes, the next one is put.
                try { book.delete(targetId) } catch (e: FilrougeException.Refused) { }
                val f = next.followup
                if (f == null) mapOf("step" to next.run.step.toLong(), "finished" to true, "followup" to null)
                else mapOf("step" to next.run.step.toLong(), "finished" to false, "followup" to put(state, f)["followup"])
            }
            "followup_export" -> {
                Vectors.known(s, action)
                val st = book.export()
                mapOf("followups" to st.followups.map(::followup), "targets" to st.targets.mapValues { (_, v) -> targetInfo(v) })
            }
            "followup_import" -> {
                Vectors.known(s, action, "state")
                val m = Vectors.obj(s["state"] ?: throw BadInput("state is missing"), "state")
                Vectors.known(m, "state", "followups", "targets")
                val st = BookState(
                    followups = Vectors.list(m["followups"] ?: listOf<Any?>(), "followups").map(::followup),
                    targets = Vectors.obj(m["targets"] ?: mapOf<String, Any?>(), "targets").mapValues { (_, v) -> targetInfo(v) },
                )
                val rejected = book.`import`(st)
                mapOf("rejected" to rejected.map(Tree::rejection), "len" to book.len().toLong())
            }
            else -> throw UnknownAction("no follow-up action named $action")
        }
    }

    // --- JSON → records ------------------------------------------------------------

    private fun str(m: Map<String, Any?>, k: String): String = m[k] as? String ?: throw BadInput("$k: expected a string")
    private fun optStr(m: Map<String, Any?>, k: String): String? = m[k]?.let { it as? String ?: throw BadInput("$k: expected a string") }

    fun day(v: Any?): LocalDate = try {
        LocalDate.parse(v as String)
    } catch (e: Exception) {
        throw BadInput("not a YYYY-MM-DD date: $v")
    }

    private fun uint(v: Any?, k: String): UInt {
        val n = v as? Long ?: throw BadInput("$k: a whole number, got $v")
        if (n < 0 || n > UInt.MAX_VALUE.toLong()) throw BadInput("$k out of range: $n")
        return n.toUInt()
    }

    private fun limit(v: Any?): ULong {
        val n = v as? Long ?: throw BadInput("limit: a whole number, got $v")
        if (n < 0) throw BadInput("limit: not negative, got $n")
        return n.toULong()
    }

    fun followup(v: Any?): FollowUp {
        val m = Vectors.obj(v, "followup")
        Vectors.known(m, "followup", "target_id", "assignees", "due", "priority", "origin", "last_note", "noted_at")
        return FollowUp(
            targetId = str(m, "target_id"),
            assignees = Vectors.strings(m["assignees"] ?: throw BadInput("assignees is missing")).toSet(),
            due = day(m["due"]),
            priority = m["priority"]?.let { Vectors.enumOf<Priority>(it) } ?: Priority.NORMAL,
            origin = m["origin"]?.let { Vectors.enumOf<Origin>(it) } ?: Origin.MANUAL,
            lastNote = optStr(m, "last_note"),
            notedAt = m["noted_at"]?.let(Vectors::instant),
        )
    }

    private fun draft(v: Any?): Draft {
        val m = Vectors.obj(v, "draft")
        Vectors.known(m, "draft", "target_id", "creator", "assignees", "due", "priority", "preset", "origin", "last_note", "noted_at")
        return Draft(
            targetId = str(m, "target_id"),
            creator = str(m, "creator"),
            assignees = Vectors.strings(m["assignees"]).toSet(),
            due = m["due"]?.let(::day),
            priority = m["priority"]?.let { Vectors.enumOf<Priority>(it) },
            preset = when (val p = m["preset"]) {
                null, "standard" -> Preset.STANDARD
                "background_365" -> Preset.BACKGROUND365
                "background_730" -> Preset.BACKGROUND730
                else -> throw BadInput("unknown preset $p")
            },
            origin = m["origin"]?.let { Vectors.enumOf<Origin>(it) } ?: Origin.MANUAL,
            lastNote = optStr(m, "last_note"),
            notedAt = m["noted_at"]?.let(Vectors::instant),
        )
    }

    fun targetInfo(v: Any?): TargetInfo {
        val m = Vectors.obj(v, "target info")
        Vectors.known(m, "target info", "routines", "tags", "open_opportunity")
        return TargetInfo(
            routines = Vectors.strings(m["routines"]).toSet(),
            tags = Vectors.strings(m["tags"]).toSet(),
            openOpportunity = m["open_opportunity"]?.let { it as? Boolean ?: throw BadInput("open_opportunity: a boolean") } ?: false,
        )
    }

    fun filters(v: Any?): Filters {
        if (v == null) return Filters()
        val m = Vectors.obj(v, "filters")
        Vectors.known(m, "filters", "assignee", "everyone", "priorities", "routine", "tag", "opportunity")
        return Filters(
            assignee = optStr(m, "assignee"),
            everyone = m["everyone"]?.let { it as? Boolean ?: throw BadInput("everyone: a boolean") } ?: false,
            priorities = Vectors.list(m["priorities"] ?: listOf<Any?>(), "priorities").map { Vectors.enumOf<Priority>(it) },
            routine = optStr(m, "routine"),
            tag = optStr(m, "tag"),
            opportunity = m["opportunity"]?.let { it as? Boolean ?: throw BadInput("opportunity: a boolean") },
        )
    }

    private fun offset(v: Any?): Offset {
        val o = Vectors.obj(v, "offset")
        if (o.size != 1) throw BadInput("offset: exactly one of days, weeks, months")
        val (unit, n) = o.entries.first()
        val count = uint(n, unit)
        return when (unit) {
            "days" -> Offset.Days(count)
            "weeks" -> Offset.Weeks(count)
            "months" -> Offset.Months(count)
            else -> throw BadInput("offset: unknown unit $unit")
        }
    }

    fun cadence(v: Any?): Cadence {
        val m = Vectors.obj(v ?: throw BadInput("cadence is missing"), "cadence")
        Vectors.known(m, "cadence", "steps")
        return Cadence(Vectors.list(m["steps"] ?: throw BadInput("steps is missing"), "steps").map { st ->
            val o = Vectors.obj(st, "step")
            Vectors.known(o, "step", "offset", "from", "priority", "until", "note")
            CadenceStep(
                offset = offset(o["offset"] ?: throw BadInput("offset is missing")),
                from = o["from"]?.let { Vectors.enumOf<Anchor>(it) } ?: Anchor.EVENT,
                priority = o["priority"]?.let { Vectors.enumOf<Priority>(it) } ?: Priority.NORMAL,
                until = o["until"]?.let(::offset),
                note = optStr(o, "note"),
            )
        })
    }

    // --- records → JSON ------------------------------------------------------------

    private fun name(e: Enum<*>?): String? = e?.name?.lowercase()

    fun followup(f: FollowUp): Map<String, Any?> = mapOf(
        "target_id" to f.targetId, "assignees" to f.assignees.sorted(), "due" to f.due.toString(), "priority" to name(f.priority),
        "origin" to name(f.origin), "last_note" to f.lastNote, "noted_at" to f.notedAt?.toString(),
    ).filterValues { it != null }

    fun lateness(l: Lateness): Map<String, Any?> = when (l) {
        is Lateness.Upcoming -> mapOf("status" to "upcoming")
        is Lateness.DueToday -> mapOf("status" to "due_today")
        is Lateness.Overdue -> mapOf("status" to "overdue", "days" to l.days.toLong())
    }

    fun targetInfo(t: TargetInfo): Map<String, Any?> =
        mapOf("routines" to t.routines.sorted(), "tags" to t.tags.sorted(), "open_opportunity" to t.openOpportunity)

    private fun items(items: List<ListItem>, first: Int): List<Any?> = items.mapIndexed { i, it ->
        mapOf("target_id" to it.followup.targetId, "position" to (first + i).toLong(), "due" to it.followup.due.toString(),
            "priority" to name(it.followup.priority), "assignees" to it.followup.assignees.sorted(), "lateness" to lateness(it.lateness))
    }

    private fun planItem(i: Int, item: PlanItem): Map<String, Any?> = when (item) {
        is PlanItem.Opportunity -> mapOf("kind" to "opportunity", "target_id" to item.followup.targetId, "position" to i.toLong(),
            "priority" to name(item.followup.priority), "lateness" to lateness(item.lateness), "followup" to followup(item.followup))
        is PlanItem.FollowUp -> mapOf("kind" to "follow_up", "target_id" to item.followup.targetId, "position" to i.toLong(),
            "priority" to name(item.followup.priority), "lateness" to lateness(item.lateness), "followup" to followup(item.followup))
        is PlanItem.Suspect -> mapOf("kind" to "suspect", "target_id" to item.companyId, "company_id" to item.companyId,
            "position" to i.toLong(), "score" to item.score.toLong())
    }
}
