// The randomized garbage-input test of the mobile binding (issue 7): a
// seeded generator of malformed values (null fields, NaN and ±infinity,
// instants and dates at and past the ends of every range, huge and deeply
// nested values, huge strings, control characters, lone UTF-16 surrogates,
// JSON text of the wrong type or almost the right shape) fed to every entry
// point of the generated Kotlin API. Each call must return or throw the
// binding's typed FilrougeException: a panic (InternalException), a crash
// or any other exception fails the test.
//
// One exception kind is accounted for apart: a string holding a lone
// surrogate is refused by the uniffi-generated Kotlin itself, with
// java.nio.charset.CharacterCodingException, while encoding it to UTF-8,
// before any native code runs (see DESIGN.md, "Why can a lone surrogate
// throw CharacterCodingException?"). The test checks that this happens only
// for calls whose arguments held one.
//
// FILROUGE_GARBAGE="seed:calls" overrides the seed and the number of calls
// (default 2026:10000).
package filrouge.test

import filrouge.*
import java.nio.charset.CharacterCodingException
import java.time.Instant
import java.time.LocalDate
import kotlin.random.Random

object GarbageTest {
    class Outcome(val calls: Int, val returned: Int, val typed: Int, val surrogates: Int, val failures: List<String>, val uncalled: List<String>)

    /**
     * Deepest FieldValue generated. uniffi lifts this recursive enum
     * recursively on the caller's thread: 2,000 levels overflowed the JVM's
     * default 1 MiB thread stack in a debug build (SIGSEGV); see DESIGN.md.
     */
    const val MAX_DEPTH = 200

    private class Gen(seed: Long) {
        val rnd = Random(seed)
        /** Set when a generated string held a lone surrogate (the call may then be refused by the generated code). */
        var lone = false

        fun chance(p: Double) = rnd.nextDouble() < p

        fun str(): String = if (rnd.nextInt(2_000) == 0) "y".repeat(1_000_000) else when (rnd.nextInt(100)) {
            in 0..14 -> ""
            in 15..49 -> "id-${rnd.nextInt(12)}"
            in 50..59 -> "\u0000\u0001\t\n\u007F\u200B\uFEFF"
            in 60..69 -> "é漢字\uD83D\uDE00\uFFFF\uFFFE"
            in 70..75 -> "x".repeat(rnd.nextInt(1_000, 50_000))
            in 76..77 -> { lone = true; if (rnd.nextBoolean()) "a\uD800b" else "\uDFFF" }
            in 78..84 -> listOf("Europe/Paris", "UTC", "Mars/Olympus", "europe/paris", "+01:00", "America/New_York").random(rnd)
            else -> rnd.nextLong().toString()
        }

        fun strs(): List<String> = List(rnd.nextInt(4)) { str() }
        fun opt(): String? = if (chance(0.4)) null else str()

        fun instant(): Instant = when (rnd.nextInt(8)) {
            0 -> Instant.MIN
            1 -> Instant.MAX
            2 -> Instant.EPOCH
            3 -> Instant.ofEpochSecond(rnd.nextLong(-9_000_000_000_000L, 9_000_000_000_000L), rnd.nextLong(0, 1_000_000_000L))
            4 -> Instant.ofEpochSecond(-62_135_596_801L) // just before year 1
            else -> Instant.parse("2026-03-02T12:00:00Z").plusSeconds(rnd.nextLong(-100_000_000L, 100_000_000L))
        }

        fun day(): LocalDate = when (rnd.nextInt(7)) {
            0 -> LocalDate.MIN
            1 -> LocalDate.MAX
            2 -> LocalDate.ofEpochDay(rnd.nextLong(-365_243_219_162L, 365_241_780_471L))
            3 -> LocalDate.of(262_143, 12, 31)
            else -> LocalDate.parse("2026-03-02").plusDays(rnd.nextLong(-5_000, 5_000))
        }

        fun uint(): UInt = when (rnd.nextInt(4)) { 0 -> 0u; 1 -> UInt.MAX_VALUE; else -> rnd.nextInt(0, 1000).toUInt() }
        fun ulong(): ULong = when (rnd.nextInt(4)) { 0 -> 0uL; 1 -> ULong.MAX_VALUE; else -> rnd.nextLong(0, 1000).toULong() }
        fun ubyte(): UByte = rnd.nextInt(256).toUByte()
        fun double(): Double = listOf(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE,
            Double.MIN_VALUE, 9.007199254740993E15, rnd.nextDouble(-1e6, 1e6), rnd.nextInt(-2, 12).toDouble()).random(rnd)

        fun field(depth: Int = 0): FieldValue = when (if (depth > 4) rnd.nextInt(4) else rnd.nextInt(6)) {
            0 -> FieldValue.Null
            1 -> FieldValue.Bool(rnd.nextBoolean())
            2 -> FieldValue.Number(double())
            3 -> FieldValue.Text(str())
            4 -> FieldValue.Items(List(rnd.nextInt(4)) { field(depth + 1) })
            else -> deep(rnd.nextInt(10, MAX_DEPTH))
        }

        fun deep(n: Int): FieldValue {
            var v: FieldValue = FieldValue.Number(1.0)
            repeat(n) { v = FieldValue.Items(listOf(v)) }
            return v
        }

        fun record(): Map<String, FieldValue> = buildMap {
            if (chance(0.8)) put("id", if (chance(0.8)) FieldValue.Text(str()) else field())
            repeat(rnd.nextInt(5)) { put(listOf("naf", "headcount", "q_nps", "x", "created_on", str()).random(rnd), field()) }
        }

        inline fun <reified E : Enum<E>> pick(): E = enumValues<E>().random(rnd)
        inline fun <reified E : Enum<E>> optPick(): E? = if (chance(0.3)) null else pick<E>()

        // --- JSON text: wrong types, almost-right shapes, deep and huge -------------
        private val templates = listOf(
            """{"field": "headcount", "op": "between", "value": [10, 49]}""",
            """{"all": [{"field": "naf", "op": "starts_with", "value": "62"}, {"not": {"field": "x", "op": "exists"}}]}""",
            """{"id": "r", "title": "t", "users": ["u"], "mandatory": [], "weighted": [{"weight": "important", "condition": {"field": "n", "op": "ge", "value": 1}}], "notify_at": 70}""",
            """{"id": "t1", "name": "n", "conditions": [{"field": "q", "op": "le", "value": 6}], "action": {"type": "create_contact"}, "mapping": {"email": {"from": "respondent", "field": "email"}, "custom_3": {"from": "custom_field", "number": 3}}}""",
            """{"followups": [{"target_id": "t1", "assignees": ["u1"], "due": "2026-03-02", "priority": "high"}], "targets": {"t1": {"routines": ["r"], "open_opportunity": true}}}""",
            """[{"event": "project_opened", "at": "2026-03-02T09:00:00Z", "tenant": "t", "context": {"portal": "p", "kind": "project", "id": "x"}, "requester": "r"}]""",
            """{"fired": {"r1": ["t1", "t2"]}}""",
            """{"config": {"time_zone": "Europe/Paris", "period": {"months": 3}}, "sent": {"c1": [{"sent_at": "2026-01-10T09:00:00Z", "survey_id": "s"}]}}""",
            """{"config": {"time_zone": "Europe/Paris"}, "cards": {"o1": {"organisation": {"id": "o1", "kind": "public_body"}, "stage": "identified", "history": [{"from": null, "to": "identified", "by": "a", "at": "2026-03-02T09:00:00Z"}]}}}""",
        )

        fun json(): String = when (rnd.nextInt(12)) {
            0 -> listOf("", "null", "true", "0", "-1e999", "\"x\"", "[]", "{}", "[{}]", "{\"\": null}").random(rnd)
            1 -> "[".repeat(rnd.nextInt(100, 100_000))
            2 -> "{\"not\": ".repeat(rnd.nextInt(60, 5_000)) + "{\"field\": \"x\", \"op\": \"exists\"}" + "}".repeat(rnd.nextInt(0, 5_000))
            3 -> "\"" + "z".repeat(rnd.nextInt(1_000, 200_000)) + "\""
            4 -> str()
            else -> mutate(templates.random(rnd))
        }

        /** Almost right: one key dropped or renamed, one value of the wrong type, truncated, or as given. */
        private fun mutate(t: String): String = when (rnd.nextInt(7)) {
            0 -> t
            1 -> t.substring(0, rnd.nextInt(t.length))
            2 -> t.replaceFirst(Regex("\"[a-z_]+\": \"[^\"]*\""), listOf("\"x\": 1", "\"id\": null", "\"due\": \"2026-02-30\"").random(rnd))
            3 -> t.replaceFirst(Regex("\\d+"), listOf("-1", "1e400", "3.5", "99999999999999999999", "\"7\"", "null").random(rnd))
            4 -> t.replaceFirst(Regex("\"[a-z_]+\""), "\"" + str().take(20).replace("\\", "").replace("\"", "") + "\"")
            5 -> t.replace("\"", "'")
            else -> t.replaceFirst("[", "[" + t + ",")
        }
    }

    /** (seed, calls) from FILROUGE_GARBAGE="seed:calls", default 2026:10000. */
    fun settings(): Pair<Long, Int> {
        val spec = System.getenv("FILROUGE_GARBAGE")?.split(":")
        return Pair(spec?.getOrNull(0)?.toLongOrNull() ?: 2026L, spec?.getOrNull(1)?.toIntOrNull() ?: 10_000)
    }

    fun run(): Outcome {
        val (seed, calls) = settings()
        val g = Gen(seed)

        // Long-lived objects, fed garbage across calls (their construction is an entry point too).
        val reconciler = Reconciler(defaultConfig())
        val ledger = RevealLedger(defaultRevealConfig())
        val book = FollowUpBook()
        val routine = Routine.parse("""{"id": "r", "title": "t", "users": ["u"], "mandatory": [{"field": "naf", "op": "starts_with", "value": "62"}], "weighted": []}""")
        val directory = Directory()
        val tags = Tags()
        val trigger = Trigger.parse("""{"id": "t1", "name": "n", "action": {"type": "create_contact"}, "mapping": {"email": {"from": "respondent", "field": "email"}}}""")
        val set = TriggerSet(listOf(trigger), TriggerConfig())
        val log = FiredLog()
        val pressure = SurveyPressure(defaultPressureConfig())
        val pipeline = Pipeline(defaultPipelineConfig())
        val condition = Condition.parse("""{"field": "x", "op": "gt", "value": 3}""")

        fun contact() = Contact(g.str(), g.strs(), g.opt(), g.pick(), g.pick(), g.instant(), if (g.chance(0.5)) g.uint() else null,
            g.optPick<CallOutcome>(), if (g.chance(0.5)) g.rnd.nextBoolean() else null, if (g.chance(0.5)) g.uint() else null, g.opt(),
            g.optPick<MailSource>(), g.opt(), g.opt(), null, if (g.chance(0.5)) g.instant() else null)
        fun report() = Report(g.str(), g.str(), g.str(), g.pick(), g.pick(), g.instant(), g.opt(), g.opt())
        fun config() = defaultConfig().copy(timeZone = if (g.chance(0.7)) "Europe/Paris" else g.str(), windowDays = g.uint(),
            justAfterS = g.uint(), lateArrivalHorizonS = g.ulong(), commentMaxChars = g.ulong(), commentDisplayChars = g.ulong(),
            coverage = mapOf(g.pick<Channel>() to g.instant()))
        fun period(): CalendarPeriod = when (g.rnd.nextInt(3)) { 0 -> CalendarPeriod.Days(g.uint()); 1 -> CalendarPeriod.Months(g.uint()); else -> CalendarPeriod.Years(g.uint()) }
        fun policy() = defaultRetentionPolicy().copy(timeZone = if (g.chance(0.7)) "Europe/Paris" else g.str(),
            rules = List(g.rnd.nextInt(4)) { Rule(g.optPick<SourceRow>(), g.optPick<Channel>(), g.pick(), if (g.chance(0.2)) null else period()) })
        fun record() = Record(g.str(), g.str(), g.pick(), g.optPick<MailSource>(), g.instant())
        fun ctx() = Context(g.str(), g.pick(), g.str())
        fun revealReq() = RevealRequest(g.str(), g.str(), g.str(), g.pick(), g.str(), ctx(), g.instant(), g.opt())
        fun diag() = DiagnosticRequest(g.str(), ctx(), g.str(), g.pick(), g.instant())
        fun event(): Event = when (g.rnd.nextInt(4)) {
            0 -> Event.Recommended(g.instant(), g.str(), ctx(), g.str(), g.str())
            1 -> Event.Revealed(g.instant(), g.str(), g.str(), g.str(), g.pick(), g.str(), ctx())
            2 -> Event.DiagnosticUndone(g.instant(), g.str(), ctx(), g.str(), g.pick())
            else -> Event.LeftCompany(g.instant(), g.str(), g.str())
        }
        fun revealConfig() = defaultRevealConfig().copy(scope = g.pick(), lapseAfterDays = if (g.chance(0.5)) g.uint() else null,
            followUpAfterDays = if (g.chance(0.5)) g.uint() else null, timeZone = if (g.chance(0.7)) "UTC" else g.str())
        fun fu() = FollowUp(g.str(), g.strs().toSet(), g.day(), g.pick(), g.pick(), g.opt(), if (g.chance(0.3)) g.instant() else null)
        fun filters() = Filters(g.opt(), g.rnd.nextBoolean(), List(g.rnd.nextInt(3)) { g.pick<Priority>() }, g.opt(), g.opt(),
            if (g.chance(0.5)) g.rnd.nextBoolean() else null)
        fun info() = TargetInfo(g.strs().toSet(), g.strs().toSet(), g.rnd.nextBoolean())
        fun offset(): Offset = when (g.rnd.nextInt(3)) { 0 -> Offset.Days(g.uint()); 1 -> Offset.Weeks(g.uint()); else -> Offset.Months(g.uint()) }
        fun cadence() = Cadence(List(g.rnd.nextInt(4)) { CadenceStep(offset(), g.pick(), g.pick(), if (g.chance(0.5)) offset() else null, g.opt()) })
        fun run() = CadenceRun(g.str(), g.strs().toSet(), g.day(), g.ulong(), g.day(), if (g.chance(0.5)) g.day() else null, g.rnd.nextBoolean())
        fun draft() = Draft(g.str(), g.str(), g.strs().toSet(), if (g.chance(0.5)) g.day() else null, g.optPick<Priority>(), g.pick(), g.pick(), g.opt(), null)
        fun planOptions() = PlanOptions(List(g.rnd.nextInt(4)) { Suspect(g.str(), g.uint()) }, g.ulong())
        fun survey() = Survey(if (g.chance(0.5)) "s1" else g.str(), g.str(), g.opt(), if (g.chance(0.5)) g.day() else null, g.pick())
        fun response() = Response(g.str(), if (g.chance(0.5)) "s1" else g.str(), g.instant(),
            Respondent(id = g.str(), email = g.opt(), boxNumber = g.opt(), customFields = mapOf(g.ubyte() to g.str())),
            g.record())
        fun send() = SendRequest(g.str(), g.str(), g.pick(), g.instant())
        fun org() = Organisation(g.str(), g.str(), g.pick(), g.rnd.nextBoolean(), g.rnd.nextBoolean())
        fun pipelineConfig() = defaultPipelineConfig().copy(timeZone = if (g.chance(0.7)) "Europe/Paris" else g.str(),
            conversionPlan = List(g.rnd.nextInt(4)) { PlanStep(g.str(), g.uint(), if (g.chance(0.5)) g.uint() else null, g.pick()) })

        val entries: List<Pair<String, () -> Unit>> = listOf(
            // history (§1, §2)
            "reconcile" to { reconcile(List(g.rnd.nextInt(4)) { contact() }, List(g.rnd.nextInt(4)) { report() }, config(), g.instant()) },
            "history" to { history(g.str(), List(3) { contact() }, List(3) { report() }, HistoryOptions(g.strs().toSet(), g.strs().toSet()), config(), g.instant()) },
            "restitution" to { restitution(contact(), defaultConfig().restitution.copy(excludedSubjectWords = g.strs())) },
            "callOutcome" to { callOutcome(contact()) },
            "isPrivateSubject" to { isPrivateSubject(g.str(), g.strs()) },
            "Reconciler()" to { Reconciler(config()).destroy() },
            "Reconciler.add" to { reconciler.add(List(2) { contact() }, List(2) { report() }, g.instant()) },
            "Reconciler.advance" to { reconciler.advance(g.instant()) },
            "Reconciler.reportState" to { reconciler.reportState(g.str()) },
            "Reconciler.history" to { reconciler.history(g.str(), HistoryOptions(g.strs().toSet(), g.strs().toSet())) },
            "Reconciler.reconciliation" to { reconciler.reconciliation(); reconciler.config() },
            // retention (§2)
            "evaluate" to { evaluate(policy(), List(g.rnd.nextInt(4)) { record() }, g.strs(), g.strs(), g.instant()) },
            "expiry" to { expiry(policy(), g.pick(), g.optPick<MailSource>(), g.pick(), g.instant()) },
            // condition (§6)
            "Condition.parse" to { Condition.parse(g.json()).destroy() },
            "Condition.evaluate" to { condition.evaluate(g.record() + ("x" to g.field())) },
            // reveal (§3)
            "RevealLedger()" to { RevealLedger(revealConfig()).destroy() },
            "RevealLedger.fromEvents" to { RevealLedger.fromEvents(revealConfig(), List(3) { event() }).destroy() },
            "RevealLedger.fromEventsJson" to { RevealLedger.fromEventsJson(revealConfig(), g.json()).destroy() },
            "RevealLedger.recommend" to { ledger.recommend(g.str(), ctx(), g.str(), g.str(), g.instant()) },
            "RevealLedger.openProject" to { ledger.openProject(g.str(), ctx(), g.str(), g.instant()) },
            "RevealLedger.canSee" to { ledger.canSee(g.str(), g.str(), g.pick(), g.str(), ctx(), g.instant()) },
            "RevealLedger.reveal" to { ledger.reveal(revealReq()) },
            "RevealLedger.revealMany" to { ledger.revealMany(List(3) { revealReq() }) },
            "RevealLedger.enrich" to { ledger.enrich(EnrichRequest(g.str(), g.str(), g.str(), g.str(), g.instant(), g.rnd.nextBoolean())) },
            "RevealLedger.changeCoordinates" to { ledger.changeCoordinates(g.str(), g.str(), g.instant()) },
            "RevealLedger.leaveCompany" to { ledger.leaveCompany(g.str(), g.str(), g.instant()) },
            "RevealLedger.markDiagnostic" to { ledger.markDiagnostic(diag()) },
            "RevealLedger.undoDiagnostic" to { ledger.undoDiagnostic(diag()) },
            "RevealLedger.diagnostic" to { ledger.diagnostic(g.str(), ctx()) },
            "RevealLedger.stats" to { ledger.stats(StatsQuery(g.opt(), if (g.chance(0.5)) g.instant() else null, if (g.chance(0.5)) g.instant() else null, g.pick(), List(g.rnd.nextInt(4)) { g.pick<Dimension>() })) },
            "RevealLedger.consumption" to { ledger.consumption(g.str(), g.instant()) },
            "RevealLedger.import" to { ledger.`import`(List(3) { event() }) },
            "RevealLedger.importJson" to { ledger.importJson(g.json()) },
            "RevealLedger.events" to { ledger.events(); ledger.eventsJson(); ledger.len(); ledger.revealedPairs(); ledger.config() },
            "RevealLedger.merge" to { RevealLedger.fromEvents(revealConfig(), List(2) { event() }).use { ledger.merge(it) } },
            // follow-ups (§4)
            "merge" to { merge(fu(), fu()) },
            "unassign" to { unassign(fu(), g.str()) },
            "lateness" to { lateness(g.day(), g.day()) },
            "followupNew" to { followupNew(g.str(), g.str(), g.day()) },
            "followupWithPreset" to { followupWithPreset(g.str(), g.str(), g.day(), g.pick()) },
            "draftBuild" to { draftBuild(draft(), g.day()) },
            "followupValidate" to { followupValidate(fu()) },
            "followupToday" to { followupToday(FollowUpConfig(g.str()), g.instant()) },
            "lists" to { lists(List(4) { fu() }, mapOf(g.str() to info()), g.str(), g.day(), filters()) },
            "dayPlan" to { dayPlan(List(4) { fu() }, mapOf(g.str() to info()), g.str(), g.day(), filters(), planOptions()) },
            "cadenceStart" to { cadenceStart(cadence(), g.str(), g.strs().toSet(), g.day()) },
            "cadenceDone" to { cadenceDone(cadence(), run(), g.day()) },
            "cadenceCurrent" to { cadenceCurrent(cadence(), run()) },
            "FollowUpBook.fromJson" to { FollowUpBook.fromJson(g.json()).destroy() },
            "FollowUpBook.put" to { book.put(fu()) },
            "FollowUpBook.putAll" to { book.putAll(List(3) { fu() }) },
            "FollowUpBook.get" to { book.get(g.str()); book.contains(g.str()); book.target(g.str()); book.len(); book.isEmpty() },
            "FollowUpBook.unassign" to { book.unassign(g.str(), g.str()) },
            "FollowUpBook.delete" to { book.delete(g.str()) },
            "FollowUpBook.setTarget" to { book.setTarget(g.str(), info()) },
            "FollowUpBook.lists" to { book.lists(g.str(), g.day(), filters()) },
            "FollowUpBook.page" to { book.page(g.str(), g.day(), g.pick(), filters(), g.ulong(), g.opt()) },
            "FollowUpBook.dayPlan" to { book.dayPlan(g.str(), g.day(), filters(), planOptions()) },
            "FollowUpBook.export" to { book.export(); book.exportJson() },
            "FollowUpBook.import" to { book.`import`(BookState(List(3) { fu() }, mapOf(g.str() to info()))) },
            "FollowUpBook.importJson" to { book.importJson(g.json()) },
            "FollowUpBook.merge" to { FollowUpBook().use { it.put(fu()); book.merge(it) } },
            // scoring (§5)
            "Routine.parse" to { Routine.parse(g.json()).use { it.id(); it.title(); it.description(); it.users(); it.weightedCount(); it.notifyAt(); it.toJson() } },
            "score" to { score(routine, List(g.rnd.nextInt(5)) { g.record() }) },
            "rescore" to { rescore(routine, List(3) { Previous(g.str(), g.ubyte()) }, List(g.rnd.nextInt(5)) { g.record() }) },
            "Directory" to {
                when (g.rnd.nextInt(7)) {
                    0 -> directory.defineRoutine(routine)
                    1 -> directory.assign(g.str(), g.strs())
                    2 -> directory.removeRoutine(g.str())
                    3 -> directory.setLicence(g.str(), g.pick())
                    4 -> { directory.licence(g.str()); directory.canSee(g.str(), g.str()); directory.visibleRoutines(g.str()) }
                    5 -> directory.setDefaultRoutine(g.str(), g.str())
                    else -> { directory.clearDefaultRoutine(g.str()); directory.defaultRoutine(g.str()) }
                }
            },
            "Tags" to {
                when (g.rnd.nextInt(4)) {
                    0 -> tags.setTag(g.str(), g.str(), g.optPick<Tag>())
                    1 -> tags.markExClient(g.str(), g.str(), g.rnd.nextBoolean())
                    2 -> tags.tagOf(g.str(), g.str())
                    else -> tags.followupPut(directory, g.str(), g.str())
                }
            },
            // triggers (§6)
            "npsClass" to { npsClass(g.field()) },
            "Trigger.parse" to { Trigger.parse(g.json()).use { it.id(); it.name(); it.active(); it.toJson() } },
            "TriggerSet()" to { TriggerSet(listOf(trigger), TriggerConfig(mapOf(g.str() to g.rnd.nextLong(-3, 25)))).use { it.len(); it.isEmpty() } },
            "TriggerSet.evaluate" to { set.evaluate(log, survey(), response()) },
            "TriggerSet.evaluateAll" to { set.evaluateAll(log, List(2) { survey() }, List(3) { response() }) },
            "FiredLog" to { log.record(g.str(), g.str()); log.hasFired(g.str(), g.str()); log.len(); log.isEmpty(); log.toJson() },
            "FiredLog.fromJson" to { FiredLog.fromJson(g.json()).destroy() },
            "SurveyPressure()" to { SurveyPressure(PressureConfig(g.str(), period())).destroy() },
            "SurveyPressure.fromJson" to { SurveyPressure.fromJson(g.json()).destroy() },
            "SurveyPressure.check" to { pressure.check(send()) },
            "SurveyPressure.send" to { pressure.send(send()) },
            "SurveyPressure.sendAll" to { pressure.sendAll(List(3) { send() }); pressure.clients(); pressure.toJson() },
            // pipeline (§7)
            "eligibility" to { eligibility(org()) },
            "Pipeline()" to { Pipeline(pipelineConfig()).destroy() },
            "Pipeline.fromJson" to { Pipeline.fromJson(g.json()).destroy() },
            "Pipeline.create" to { pipeline.create(org(), g.str(), g.instant()) },
            "Pipeline.update" to { pipeline.update(org()) },
            "Pipeline.moveTo" to { pipeline.moveTo(g.str(), g.pick(), g.str(), g.instant()) },
            "Pipeline.card" to { pipeline.card(g.str()); pipeline.len(); pipeline.isEmpty() },
            "Pipeline.plan" to { pipeline.plan(g.str()) },
            "Pipeline.startConversion" to { pipeline.startConversion(g.str()); pipeline.conversionCadence() },
            "Pipeline.toJson" to { pipeline.toJson() },
        )

        var returned = 0
        var typed = 0
        var surrogates = 0
        val failures = ArrayList<String>()
        val called = HashSet<String>()
        try {
            for (i in 0 until calls) {
                val (name, call) = if (i < entries.size) entries[i] else entries.random(g.rnd)
                called.add(name)
                g.lone = false
                try {
                    call()
                    returned++
                } catch (e: FilrougeException) {
                    typed++
                } catch (e: CharacterCodingException) {
                    // Refused by the generated Kotlin before any native call; only for a lone surrogate.
                    if (g.lone) surrogates++ else failures.add("call $i $name: $e without a lone surrogate")
                } catch (e: Throwable) {
                    failures.add("call $i $name: $e")
                }
                if (failures.size >= 20) break
            }
        } finally {
            listOf(reconciler, ledger, book, routine, directory, tags, trigger, set, log, pressure, pipeline, condition).forEach { it.destroy() }
        }
        return Outcome(returned + typed + surrogates + failures.size, returned, typed, surrogates, failures, entries.map { it.first } - called)
    }
}
