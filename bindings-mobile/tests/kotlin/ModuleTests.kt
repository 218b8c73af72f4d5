// The binding's own behaviour for the modules exposed after history,
// retention, condition and reveal: object lifetime (use {} / destroy()),
// the export -> import round trips an offline app relies on, one typed
// error per core code, and garbage into every new entry point.
package filrouge.test

import filrouge.*
import java.time.Instant
import java.time.LocalDate
import kotlin.random.Random

private val TODAY: LocalDate = LocalDate.parse("2026-03-02")

private fun fu(target: String, vararg users: String, due: String = "2026-03-02", priority: Priority = Priority.NORMAL) =
    FollowUp(targetId = target, assignees = users.toSet(), due = LocalDate.parse(due), priority = priority, origin = Origin.MANUAL)

/** A call that may throw only the binding's typed error; anything else fails the test. */
internal inline fun typedOrOk(body: () -> Unit) {
    try {
        body()
    } catch (e: FilrougeException) {
        // a typed refusal is fine
    }
}

internal fun followupTests() {
    test("R-4.2: FollowUpBook in use {}: put merges, lists and pages in order, lateness (R-4.5)") {
        FollowUpBook().use { book ->
            eq(book.put(fu("t1", "u1", due = "2026-03-05")), Put.CREATED)
            eq(book.put(fu("t1", "u2", due = "2026-03-01", priority = Priority.HIGH)), Put.MERGED)
            eq(book.put(fu("t1", "u2", due = "2026-03-01", priority = Priority.HIGH)), Put.UNCHANGED)
            eq(book.get("t1")!!.assignees, setOf("u1", "u2"))
            book.put(fu("t2", "u1", due = "2026-03-09"))
            val l = book.lists("u1", TODAY, Filters())
            eq(l.todo.map { it.followup.targetId }, listOf("t1"))
            eq(l.todo.single().lateness, Lateness.Overdue(1u))
            eq(l.upcoming.single().lateness, Lateness.Upcoming)
            val first = book.page("u1", TODAY, FollowUpList.UPCOMING, Filters(), 1uL, null)
            eq(first.nextCursor, null, "one upcoming item: no next page")
            eq(book.len(), 2uL)
        }
    }

    test("R-4.2: export -> JSON -> import round trip, and merge of an offline copy with the server's") {
        val phone = FollowUpBook()
        val server = FollowUpBook()
        try {
            phone.put(fu("t1", "u1", due = "2026-03-05"))
            phone.setTarget("t1", TargetInfo(routines = setOf("r1"), openOpportunity = true))
            server.put(fu("t1", "u2", due = "2026-03-03"))
            server.put(fu("t2", "u2"))
            FollowUpBook.fromJson(phone.exportJson()).use { copy -> eq(copy.export(), phone.export(), "JSON round trip") }
            FollowUpBook().use { copy -> eq(copy.`import`(phone.export()), listOf(), "typed round trip"); eq(copy.export(), phone.export()) }
            eq(phone.merge(server), listOf())
            eq(server.merge(phone), listOf())
            eq(phone.export(), server.export(), "both copies converge")
            eq(phone.get("t1")!!.due, LocalDate.parse("2026-03-03"))
            eq(phone.target("t1")!!.openOpportunity, true)
            eq(phone.merge(phone), listOf(), "merging a book into itself")
        } finally {
            phone.destroy()
            server.destroy()
        }
        val gone = FollowUpBook()
        gone.destroy()
        gone.destroy()
        throws<IllegalStateException> { gone.len() }
    }

    test("R-4.1 … R-4.8 functions and errors: one Refused code per core error, bad text is InvalidInput") {
        eq(followupNew("t1", "u1", TODAY).assignees, setOf("u1"))
        eq(draftBuild(Draft(targetId = "t1", creator = "u1", preset = Preset.BACKGROUND365, origin = Origin.MANUAL), TODAY).due, TODAY.plusDays(365))
        eq(followupToday(defaultFollowupConfig(), Instant.parse("2026-03-01T23:30:00Z")), TODAY)
        eq(unassign(fu("t1", "u1"), "u1"), null)
        eq(lateness(TODAY, TODAY), Lateness.DueToday)
        val e = throws<FilrougeException.Refused> { merge(fu("t1", "u1"), fu("t2", "u1")) }
        eq(e.code, "different_targets"); eq(e.rule, "R-4.2")
        eq(throws<FilrougeException.Refused> { merge(fu("t1"), fu("t1", "u1")) }.code, "no_assignee")
        eq(throws<FilrougeException.Refused> { followupNew("", "u1", TODAY) }.code, "empty_id")
        eq(throws<FilrougeException.Refused> { unassign(fu("t1", "u1"), "u9") }.code, "not_assigned")
        eq(throws<FilrougeException.Refused> { cadenceStart(Cadence(listOf()), "t", setOf("u"), TODAY) }.code, "empty_cadence")
        eq(throws<FilrougeException.Refused> { draftBuild(Draft(targetId = "t", creator = "u", preset = Preset.BACKGROUND730, origin = Origin.MANUAL), LocalDate.of(262_142, 12, 1)) }.code,
            "date_out_of_range")
        FollowUpBook().use { book ->
            eq(throws<FilrougeException.Refused> { book.delete("nope") }.code, "unknown_target")
            eq(throws<FilrougeException.Refused> { book.page("u1", TODAY, FollowUpList.TODO, Filters(), 0uL, null) }.code, "zero_limit")
            eq(throws<FilrougeException.Refused> { book.page("u1", TODAY, FollowUpList.TODO, Filters(), 5uL, "garbage") }.code, "bad_cursor")
            throws<FilrougeException.InvalidInput> { book.importJson("{\"followups\": 3}") }
            throws<FilrougeException.InvalidInput> { FollowUpBook.fromJson("not json") }
        }
        val lists = lists(listOf(fu("", "u1"), fu("t1"), fu("t2", "u1")), mapOf(), "u1", TODAY, Filters())
        eq(lists.rejected.map { it.code }.toSet(), setOf("empty_id", "no_assignee"), "a batch rejects, never fails whole")
        eq(lists.todo.single().followup.targetId, "t2")
    }

    test("garbage into every follow-up entry point never throws anything but FilrougeException") {
        val rnd = Random(11)
        fun junk(): String = when (rnd.nextInt(4)) { 0 -> ""; 1 -> "\u0000\uD83D\uDE00\uFFFF"; 2 -> "x".repeat(rnd.nextInt(0, 2000)); else -> "id-${rnd.nextInt(20)}" }
        fun day(): LocalDate = LocalDate.ofEpochDay(rnd.nextLong(-100_000_000L, 100_000_000L))
        fun users() = List(rnd.nextInt(3)) { junk() }.toSet()
        fun f() = FollowUp(junk(), users(), day(), Priority.values().random(rnd), Origin.values().random(rnd), junk(), null)
        fun filters() = Filters(if (rnd.nextBoolean()) junk() else null, rnd.nextBoolean(), listOf(Priority.values().random(rnd)),
            if (rnd.nextBoolean()) junk() else null, null, if (rnd.nextBoolean()) rnd.nextBoolean() else null)
        fun offset() = when (rnd.nextInt(3)) { 0 -> Offset.Days(rnd.nextInt().toUInt()); 1 -> Offset.Weeks(rnd.nextInt().toUInt()); else -> Offset.Months(rnd.nextInt().toUInt()) }
        fun cadence() = Cadence(List(rnd.nextInt(3)) { CadenceStep(offset(), Anchor.values().random(rnd), Priority.HIGH, if (rnd.nextBoolean()) offset() else null, junk()) })
        FollowUpBook().use { book ->
            repeat(2_000) {
                typedOrOk {
                    when (rnd.nextInt(16)) {
                        0 -> book.put(f())
                        1 -> book.putAll(List(3) { f() })
                        2 -> book.unassign(junk(), junk())
                        3 -> book.delete(junk())
                        4 -> book.setTarget(junk(), TargetInfo(users(), users(), rnd.nextBoolean()))
                        5 -> book.lists(junk(), day(), filters())
                        6 -> book.page(junk(), day(), FollowUpList.values().random(rnd), filters(), rnd.nextLong().toULong(), if (rnd.nextBoolean()) junk() else null)
                        7 -> book.dayPlan(junk(), day(), filters(), PlanOptions(List(3) { Suspect(junk(), rnd.nextInt().toUInt()) }, rnd.nextLong().toULong()))
                        8 -> book.importJson(junk())
                        9 -> merge(f(), f())
                        10 -> draftBuild(Draft(junk(), junk(), users(), if (rnd.nextBoolean()) day() else null, null, Preset.values().random(rnd), Origin.MANUAL, null, null), day())
                        11 -> cadenceStart(cadence(), junk(), users(), day())
                        12 -> cadenceDone(cadence(), CadenceRun(junk(), users(), day(), rnd.nextLong().toULong(), day(), null, rnd.nextBoolean()), day())
                        13 -> lists(List(5) { f() }, mapOf(junk() to TargetInfo()), junk(), day(), filters())
                        14 -> dayPlan(List(5) { f() }, mapOf(), junk(), day(), filters(), defaultPlanOptions())
                        else -> unassign(f(), junk())
                    }
                }
            }
            typedOrOk { followupNew("t", "u", LocalDate.MAX) }
            eq(throws<FilrougeException.InvalidInput> { lateness(LocalDate.MIN, TODAY) }.code, "invalid_input")
            FollowUpBook.fromJson(book.exportJson()).use {
                val (a, b) = Pair(it.export(), book.export())
                eq(a.followups, b.followups, "the garbage book's follow-ups round-trip")
                // The core's import skips an empty target id that set_target accepted.
                eq(a.targets, b.targets - "", "the garbage book's target info round-trips")
            }
        }
    }
}

private const val ROUTINE = """{"id": "r-it", "title": "IT", "users": ["u1"], "notify_at": 70,
    "mandatory": [{"field": "naf", "op": "starts_with", "value": "62"}],
    "weighted": [{"weight": "important", "condition": {"field": "headcount", "op": "ge", "value": 10}}]}"""

private fun company(id: String, naf: String, headcount: Double) =
    mapOf("id" to FieldValue.Text(id), "naf" to FieldValue.Text(naf), "headcount" to FieldValue.Number(headcount))

internal fun scoringTests() {
    test("R-5.1 … R-5.3: a Routine object scores and rescores typed companies; a company JSON cannot hold is rejected") {
        Routine.parse(ROUTINE).use { r ->
            eq(r.id(), "r-it"); eq(r.notifyAt(), 70.toUByte()); eq(r.weightedCount(), 1uL)
            val s = score(r, listOf(company("c1", "62.01Z", 12.0), company("c2", "47.11F", 80.0), company("c3", "62.02A", Double.NaN)))
            eq(s.ranking.single().companyId, "c1"); eq(s.ranking.single().score, 70.toUByte())
            eq(s.ranking.single().matched.single(), Contribution(0uL, Weight.IMPORTANT, 30.toUByte()))
            eq(s.excluded, listOf("c2"))
            eq(s.rejected.single().id, "c3"); eq(s.rejected.single().code, "invalid_input")
            val re = rescore(r, listOf(Previous("c1", 40.toUByte()), Previous("c9", 50.toUByte())), listOf(company("c1", "62.01Z", 12.0)))
            eq(re.changes.crossed, listOf("c1")); eq(re.changes.left, listOf("c9"))
        }
    }

    test("R-5.4, R-5.5: Directory and Tags objects; errors carry the core's codes and a condition's path") {
        Directory().use { dir ->
            Tags().use { tags ->
                Routine.parse(ROUTINE).use { dir.defineRoutine(it) }
                eq(dir.visibleRoutines("u1"), listOf("r-it"))
                eq(dir.setDefaultRoutine("u1", "r-it"), null)
                eq(throws<FilrougeException.Refused> { dir.setDefaultRoutine("u2", "r-it") }.code, "routine_not_visible")
                eq(throws<FilrougeException.Refused> { dir.assign("nope", listOf("u1")) }.code, "unknown_routine")
                dir.setLicence("boss", Licence.MANAGER); eq(dir.canSee("boss", "r-it"), true)
                tags.setTag("c1", "r-it", Tag.SUSPECT)
                eq(tags.followupPut(dir, "u1", "c1"), FollowupTagging("r-it", Tag.SUSPECT, Tag.PROSPECT, true))
                tags.setTag("c1", "r-it", Tag.CLIENT); eq(tags.setTag("c1", "r-it", null).exClient, true)
                eq(throws<FilrougeException.Refused> { tags.setTag("", "r-it", Tag.CLIENT) }.code, "empty_id")
            }
        }
        val e = throws<FilrougeException.Refused> { Routine.parse("""{"id": "r", "title": "t", "weighted": [{"weight": "notable", "condition": {"field": "x", "op": "between", "value": [5, 1]}}]}""") }
        eq(e.code, "between_reversed"); eq(e.path, "$.weighted[0].condition.value")
        eq(throws<FilrougeException.Refused> { Routine.parse("""{"id": "r"}""") }.code, "invalid_routine")
        throws<FilrougeException.InvalidInput> { Routine.parse("{") }
        val gone = Directory(); gone.destroy(); throws<IllegalStateException> { gone.visibleRoutines("u1") }
    }

    test("garbage into every scoring entry point never throws anything but FilrougeException") {
        val rnd = Random(13)
        fun junk(): String = when (rnd.nextInt(4)) { 0 -> ""; 1 -> "\u0000\uD83D\uDE00"; 2 -> "x".repeat(rnd.nextInt(0, 500)); else -> "id-${rnd.nextInt(10)}" }
        fun value(depth: Int = 0): FieldValue = when (rnd.nextInt(if (depth > 3) 4 else 5)) {
            0 -> FieldValue.Null; 1 -> FieldValue.Bool(rnd.nextBoolean())
            2 -> FieldValue.Number(listOf(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e308, rnd.nextDouble(-100.0, 100.0)).random(rnd))
            3 -> FieldValue.Text(junk()); else -> FieldValue.Items(List(rnd.nextInt(4)) { value(depth + 1) })
        }
        fun comp() = mapOf("id" to value(), "naf" to value(), "headcount" to value(), junk() to value())
        Routine.parse(ROUTINE).use { r ->
            Directory().use { dir ->
                Tags().use { tags ->
                    repeat(1_000) {
                        typedOrOk {
                            when (rnd.nextInt(10)) {
                                0 -> score(r, List(5) { comp() })
                                1 -> rescore(r, List(3) { Previous(junk(), rnd.nextInt(256).toUByte()) }, List(5) { comp() })
                                2 -> Routine.parse(junk()).destroy()
                                3 -> dir.assign(junk(), List(2) { junk() })
                                4 -> dir.setDefaultRoutine(junk(), junk())
                                5 -> dir.setLicence(junk(), Licence.values().random(rnd))
                                6 -> tags.setTag(junk(), junk(), if (rnd.nextBoolean()) Tag.values().random(rnd) else null)
                                7 -> tags.markExClient(junk(), junk(), rnd.nextBoolean())
                                8 -> tags.followupPut(dir, junk(), junk())
                                else -> { dir.defineRoutine(r); dir.removeRoutine(junk()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

private val SURVEY = Survey("s1", "Satisfaction", null, LocalDate.parse("2026-03-31"), SurveyKind.SATISFACTION)
private const val TRIGGER = """{"id": "t1", "name": "Detractors", "conditions": [{"field": "q_nps", "op": "le", "value": 6}],
    "action": {"type": "create_contact"}, "mapping": {"email": {"from": "respondent", "field": "email"},
    "custom_1": {"from": "nps_class", "question_id": "q_nps"}, "custom_2": {"from": "answer", "question_id": "q_nps"}}}"""

private fun answer(id: String, nps: FieldValue) = Response(id, "s1", NOW, Respondent(id = "cli-1", email = "a@b.c"), mapOf("q_nps" to nps))

internal fun triggerTests() {
    test("R-6.2 … R-6.4: nps, TriggerSet over typed responses, FiredLog persisted and restored") {
        eq(npsClass(FieldValue.Number(9.0)), NpsClass.PROMOTER)
        eq(throws<FilrougeException.Refused> { npsClass(FieldValue.Number(7.5)) }.code, "invalid_nps_answer")
        eq(throws<FilrougeException.InvalidInput> { npsClass(FieldValue.Number(Double.NaN)) }.code, "invalid_input")
        Trigger.parse(TRIGGER).use { t ->
            TriggerSet(listOf(t), TriggerConfig()).use { set ->
                FiredLog().use { log ->
                    val out = set.evaluate(log, SURVEY, answer("r1", FieldValue.Number(3.0)))
                    val contact = (out.fired.single().action as FiredAction.CreateContact).contact
                    eq(contact, mapOf("email" to "a@b.c", "custom_1" to "detractor", "custom_2" to "3"))
                    FiredLog.fromJson(log.toJson()).use { restored ->
                        eq(set.evaluate(restored, SURVEY, answer("r1", FieldValue.Number(3.0))).alreadyFired, listOf("t1"))
                    }
                    val batch = set.evaluateAll(log, listOf(SURVEY), listOf(answer("r2", FieldValue.Number(1.0)), answer("r3", FieldValue.Number(Double.NaN)), answer("r1", FieldValue.Number(3.0))))
                    eq(batch.firings.map { it.responseId }, listOf("r2")); eq(batch.alreadyFired, 1uL)
                    eq(batch.rejected.single().id, "r3")
                }
            }
        }
        val dup = Trigger.parse(TRIGGER)
        val other = Trigger.parse(TRIGGER.replace("Detractors", "Other"))
        eq(throws<FilrougeException.Refused> { TriggerSet(listOf(dup, other), TriggerConfig()) }.code, "duplicate_id")
        dup.destroy(); other.destroy()
        eq(throws<FilrougeException.Refused> { Trigger.parse(TRIGGER.replace("{\"email\": {\"from\"", "{\"nope\": {\"from\"")).use { TriggerSet(listOf(it), TriggerConfig()) } }.code,
            "unknown_target_field")
        throws<FilrougeException.InvalidInput> { Trigger.parse("{}") }
        throws<FilrougeException.InvalidInput> { FiredLog.fromJson("{\"fired\": 3}") }
    }

    test("R-6.5: SurveyPressure suppresses, persists through JSON; errors are typed") {
        SurveyPressure(defaultPressureConfig()).use { p ->
            val q1 = SendRequest("cli-1", "s-q1", SurveyKind.SATISFACTION, Instant.parse("2026-01-10T09:00:00Z"))
            eq(p.send(q1), SendDecision.Send(true))
            val q2 = q1.copy(surveyId = "s-q2", at = Instant.parse("2026-03-01T09:00:00Z"))
            val d = SurveyPressure.fromJson(p.toJson()).use { it.check(q2) }
            check(d is SendDecision.Suppress && d.allowedFrom == LocalDate.parse("2026-04-10")) { "$d" }
            eq(p.clients(), 1uL)
            eq(throws<FilrougeException.Refused> { p.send(q1.copy(clientId = "")) }.code, "empty_id")
            eq(p.sendAll(listOf(q1.copy(clientId = ""), q2)).rejected.size, 1)
        }
        throws<FilrougeException.InvalidInput> { SurveyPressure(defaultPressureConfig().copy(timeZone = "Mars/Olympus")) }
        throws<FilrougeException.InvalidInput> { SurveyPressure.fromJson("{\"sent\": 1}") }
    }

    test("garbage into every trigger entry point never throws anything but FilrougeException") {
        val rnd = Random(17)
        fun junk(): String = when (rnd.nextInt(4)) { 0 -> ""; 1 -> "\u0000\uD83D\uDE00"; 2 -> "x".repeat(rnd.nextInt(0, 500)); else -> "id-${rnd.nextInt(10)}" }
        fun value(): FieldValue = when (rnd.nextInt(5)) {
            0 -> FieldValue.Null; 1 -> FieldValue.Bool(rnd.nextBoolean()); 2 -> FieldValue.Number(listOf(Double.NaN, -1.0, 11.0, 6.0, 1e300).random(rnd))
            3 -> FieldValue.Text(junk()); else -> FieldValue.Items(listOf(FieldValue.Number(3.0), FieldValue.Text(junk())))
        }
        fun at() = Instant.ofEpochSecond(rnd.nextLong(-10_000_000_000L, 10_000_000_000L))
        fun resp() = Response(junk(), if (rnd.nextBoolean()) "s1" else junk(), at(),
            Respondent(id = junk(), email = junk(), customFields = mapOf(rnd.nextInt(256).toUByte() to junk())), mapOf("q_nps" to value(), junk() to value()))
        Trigger.parse(TRIGGER).use { t ->
            repeat(50) { typedOrOk { TriggerSet(listOf(t), TriggerConfig(mapOf(junk() to rnd.nextLong(-5, 25)))).destroy() } }
            TriggerSet(listOf(t), TriggerConfig(mapOf("segment" to 3L))).use { set ->
                FiredLog().use { log ->
                    SurveyPressure(defaultPressureConfig().copy(period = CalendarPeriod.Years(UInt.MAX_VALUE))).use { p ->
                        repeat(1_000) {
                            typedOrOk {
                                when (rnd.nextInt(9)) {
                                    0 -> set.evaluate(log, SURVEY.copy(id = junk()), resp())
                                    1 -> set.evaluateAll(log, listOf(SURVEY), List(4) { resp() })
                                    2 -> npsClass(value())
                                    3 -> Trigger.parse(junk()).destroy()
                                    4 -> p.send(SendRequest(junk(), junk(), SurveyKind.values().random(rnd), at()))
                                    5 -> p.check(SendRequest(junk(), junk(), SurveyKind.values().random(rnd), at()))
                                    6 -> p.sendAll(List(4) { SendRequest(junk(), junk(), SurveyKind.SATISFACTION, at()) })
                                    7 -> FiredLog.fromJson(junk()).destroy()
                                    else -> log.record(junk(), junk())
                                }
                            }
                        }
                        SurveyPressure.fromJson(p.toJson()).use { eq(it.clients(), p.clients(), "the garbage ledger round-trips") }
                    }
                }
            }
        }
    }
}

private fun org(id: String, kind: OrganisationKind = OrganisationKind.PUBLIC_BODY) = Organisation(id = id, kind = kind)

internal fun pipelineTests() {
    test("R-7.1 … R-7.3: Pipeline object in use {}: stages, eligibility, plan, JSON round trip") {
        Pipeline(defaultPipelineConfig()).use { p ->
            eq(p.create(org("o1"), "alice", NOW).stage, Stage.IDENTIFIED)
            eq(p.moveTo("o1", Stage.DOCUMENTATION_SENT, "alice", NOW.plusSeconds(60)).from, Stage.IDENTIFIED)
            eq(throws<FilrougeException.Refused> { p.plan("o1") }.code, "no_account")
            p.moveTo("o1", Stage.ACCOUNT_CREATED, "bob", NOW.plusSeconds(120))
            eq(p.plan("o1").steps.map { it.step }, listOf("welcome_call", "review", "test_review"))
            eq(p.startConversion("o1").followup!!.assignees, setOf("bob"))
            Pipeline.fromJson(p.toJson()).use { copy -> eq(copy.card("o1"), p.card("o1")); eq(copy.len(), 1uL) }
            eq(eligibility(org("a", OrganisationKind.COMPANY)), Eligibility(false, EligibilityReason.NOT_PUBLIC_SERVICE))
            eq(eligibility(org("a", OrganisationKind.ASSOCIATION).copy(attestation = true)).eligible, true)
            val e = throws<FilrougeException.Refused> { p.moveTo("o1", Stage.IDENTIFIED, "bob", NOW.plusSeconds(180)) }
            eq(e.code, "invalid_transition"); eq(e.rule, "R-7.1")
            eq(throws<FilrougeException.Refused> { p.create(org("o1"), "alice", NOW) }.code, "duplicate_organisation")
            eq(throws<FilrougeException.Refused> { p.card("nope") }.code, "unknown_organisation")
            p.create(org("c1", OrganisationKind.COMPANY), "alice", NOW)
            p.moveTo("c1", Stage.DOCUMENTATION_SENT, "alice", NOW.plusSeconds(30))
            eq(throws<FilrougeException.Refused> { p.moveTo("c1", Stage.ACCOUNT_CREATED, "alice", NOW.plusSeconds(60)) }.code, "not_eligible")
        }
        throws<FilrougeException.InvalidInput> { Pipeline.fromJson("{\"cards\": []}") }
        throws<FilrougeException.InvalidInput> { Pipeline(defaultPipelineConfig().copy(timeZone = "")) }
    }

    test("garbage into every pipeline entry point never throws anything but FilrougeException") {
        val rnd = Random(19)
        fun junk(): String = when (rnd.nextInt(4)) { 0 -> ""; 1 -> "\u0000\uD83D\uDE00"; 2 -> "x".repeat(rnd.nextInt(0, 500)); else -> "o-${rnd.nextInt(8)}" }
        fun at() = Instant.ofEpochSecond(rnd.nextLong(-10_000_000_000L, 10_000_000_000L))
        fun o() = Organisation(junk(), junk(), OrganisationKind.values().random(rnd), rnd.nextBoolean(), rnd.nextBoolean())
        val config = defaultPipelineConfig().copy(conversionPlan = List(3) { PlanStep(junk(), rnd.nextInt().toUInt(), if (rnd.nextBoolean()) rnd.nextInt().toUInt() else null, Priority.HIGH) })
        Pipeline(config).use { p ->
            repeat(1_000) {
                typedOrOk {
                    when (rnd.nextInt(7)) {
                        0 -> p.create(o(), junk(), at())
                        1 -> p.update(o())
                        2 -> p.moveTo(junk(), Stage.values().random(rnd), junk(), at())
                        3 -> p.plan(junk())
                        4 -> p.startConversion(junk())
                        5 -> eligibility(o())
                        else -> p.card(junk())
                    }
                }
            }
            Pipeline.fromJson(p.toJson()).use { eq(it.len(), p.len(), "the garbage pipeline round-trips") }
        }
    }
}
