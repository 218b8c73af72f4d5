// The Kotlin tests of the mobile binding, run on the JVM against the real
// native library: every conformance vector through the generated API, then
// what the binding itself adds (conversions, error mapping, object
// lifetime, panics and garbage input never crashing the host).
// Usage: java -Djna.library.path=<dir of libfilrouge_mobile.so> -cp … filrouge.test.MainKt <tests/vectors>
package filrouge.test

import filrouge.*
import java.io.File
import java.time.Duration
import java.time.Instant
import kotlin.random.Random

private var passed = 0
private var failed = 0

internal fun test(name: String, body: () -> Unit) {
    try {
        body()
        passed++
    } catch (e: Throwable) {
        failed++
        println("FAIL $name: $e")
    }
}

internal fun check(cond: Boolean, what: () -> String) {
    if (!cond) throw AssertionError(what())
}

internal fun <T> eq(actual: T, expected: T, what: String = "") {
    if (actual != expected) throw AssertionError("$what expected <$expected>, got <$actual>")
}

internal inline fun <reified E : Throwable> throws(body: () -> Unit): E {
    try {
        body()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("expected ${E::class.simpleName}, nothing was thrown")
}

internal fun FilrougeException.code(): String = when (this) {
    is FilrougeException.Refused -> code
    is FilrougeException.InvalidInput -> code
    is FilrougeException.Internal -> code
}

internal val NOW: Instant = Instant.parse("2026-03-02T12:00:00Z")

private fun call(id: String, client: String = "cli-1", at: String = "2026-03-02T09:00:00Z") = Contact(
    id = id, parties = listOf(client), advisorId = "adv-1", channel = Channel.PHONE,
    direction = Direction.OUTBOUND, occurredAt = Instant.parse(at), durationS = 300u,
)

private fun report(id: String, client: String = "cli-1", at: String = "2026-03-02T09:07:00Z", comment: String? = "RDV fixé") = Report(
    id = id, clientId = client, advisorId = "adv-1", channel = Channel.PHONE,
    initiative = Direction.OUTBOUND, enteredAt = Instant.parse(at), comment = comment,
)

fun main(args: Array<String>) {
    val root = File(args.firstOrNull() ?: "tests/vectors")

    // --- Conformance vectors (one test each) -------------------------------
    val v = Vectors.runAll(root)
    passed += v.passed
    failed += v.failed
    v.failures.forEach { println("FAIL vector $it") }
    println("vectors: ${v.passed} passed, ${v.failed} failed, ${v.skipped} skipped (ops of modules not exposed yet)")

    // --- Conversions -------------------------------------------------------
    test("defaults come from the core (SPEC defaults, R-1.3, R-1.4, R-2.1)") {
        val c = defaultConfig()
        eq(c.timeZone, "Europe/Paris")
        eq(c.windowDays, 7u)
        eq(c.justAfterS, 900u)
        eq(c.restitution.minOutboundCallS, 40u)
        check(c.retention.rules.isNotEmpty()) { "the R-2.6 table is empty" }
        eq(defaultRetentionPolicy(), c.retention, "the history config's retention is the R-2.6 default")
    }

    test("R-1.4: a report entered just after a call links to it, with java.time.Instant in and out") {
        val r = reconcile(listOf(call("c1")), listOf(report("r1")), defaultConfig(), NOW)
        eq(r.links, listOf(Link(reportId = "r1", contactId = "c1", rule = LinkRule.JUST_AFTER)))
        check(r.rejected.isEmpty()) { "rejected ${r.rejected}" }
    }

    test("instants keep their nanoseconds and pre-1970 values across the boundary (R-1.10 entry times)") {
        for (at in listOf(Instant.parse("2026-03-02T09:00:00.123456789Z"), Instant.parse("1969-07-20T20:17:40.5Z"))) {
            val c = call("c1").copy(occurredAt = at)
            val h = history("cli-1", listOf(c), listOf(), HistoryOptions(holds = setOf("cli-1")), defaultConfig(), NOW)
            eq(h.entries.single().occurredAt, at)
        }
    }

    test("R-2.6: expiry of Outlook inline images is 60 days, a Duration the app can compute with") {
        val at = Instant.parse("2026-01-10T09:00:00Z")
        val until = expiry(defaultRetentionPolicy(), Channel.EMAIL, MailSource.EXCHANGE_OUTLOOK, Part.INLINE_IMAGES, at)
        eq(Duration.between(at, until), Duration.ofDays(60))
        eq(expiry(RetentionPolicy("Europe/Paris", listOf()), Channel.EMAIL, null, Part.BODY, at), null, "no rule: no end")
    }

    test("R-2.8, R-2.7: an erasure purges everything, a hold keeps everything") {
        val rec = Record(id = "m1", clientId = "cli-1", channel = Channel.EMAIL, mailSource = MailSource.CRM_MSI,
            occurredAt = Instant.parse("2026-01-10T09:00:00Z"))
        val erased = evaluate(defaultRetentionPolicy(), listOf(rec), listOf(), listOf("cli-1"), NOW).records.single()
        eq(erased.purge.toSet(), Part.values().toSet())
        check(erased.erased) { "not erased" }
        val held = evaluate(defaultRetentionPolicy(), listOf(rec), listOf("cli-1"), listOf("cli-1"), NOW).records.single()
        eq(held.purge, listOf())
        check(held.held && held.kept.all { it.reason == KeptReason.HOLD }) { "not held: $held" }
    }

    // --- Error mapping -----------------------------------------------------
    test("R-2.5: a legal entity's history is FilrougeException.Refused with the core's code, rule and message") {
        val e = throws<FilrougeException.Refused> {
            history("ent-1", listOf(), listOf(), HistoryOptions(legalEntities = setOf("ent-1")), defaultConfig(), NOW)
        }
        eq(e.code, "not_a_natural_person")
        eq(e.rule, "R-2.5")
        check(e.detail.contains("ent-1")) { "detail does not name the client: ${e.detail}" }
        check(e.message!!.contains(e.detail)) { "message does not carry the detail: ${e.message}" }
        val asBase: FilrougeException = e
        check(asBase is Exception) { "not an Exception" }
    }

    test("an unknown time zone is FilrougeException.InvalidInput (config, engine and retention policy)") {
        val bad = defaultConfig().copy(timeZone = "Mars/Olympus")
        val e = throws<FilrougeException.InvalidInput> { reconcile(listOf(), listOf(), bad, NOW) }
        eq(e.code, "invalid_input")
        check(e.detail.contains("Mars/Olympus")) { e.detail }
        throws<FilrougeException.InvalidInput> { Reconciler(bad) }
        throws<FilrougeException.InvalidInput> {
            evaluate(defaultRetentionPolicy().copy(timeZone = ""), listOf(), listOf(), listOf(), NOW)
        }
        throws<FilrougeException.InvalidInput> {
            reconcile(listOf(), listOf(), defaultConfig().copy(retention = defaultRetentionPolicy().copy(timeZone = "x")), NOW)
        }
    }

    test("an instant past the core's range is FilrougeException.InvalidInput, not a crash") {
        val e = throws<FilrougeException.InvalidInput> { reconcile(listOf(), listOf(), defaultConfig(), Instant.MAX) }
        eq(e.code, "invalid_input")
        throws<FilrougeException.InvalidInput> { reconcile(listOf(call("c1").copy(occurredAt = Instant.MIN)), listOf(), defaultConfig(), NOW) }
    }

    test("§0, §1, R-1.1, R-1.2, R-1.8: bad records come back as rejections with rule and code, never exceptions") {
        val contacts = listOf(call(""), call("c2").copy(parties = listOf()), call("c3"))
        val reports = listOf(
            report("r1", comment = "x".repeat(5001)),
            report("r2"), report("r3", at = "2026-03-02T10:00:00Z"),
            report("r4").copy(channel = Channel.LETTER, clientId = "cli-9"),
            report("r5").copy(advisorId = ""),
        )
        val r = reconcile(contacts, reports, defaultConfig(), NOW)
        val got = r.rejected.map { Triple(it.id, it.rule, it.code) }.toSet()
        val want = setOf(
            Triple("", "§0", "empty_id"), Triple("c2", "§1", "empty_parties"),
            Triple("r1", "R-1.1", "comment_too_long"), Triple("r3", "R-1.2", "duplicate_daily_report"),
            Triple("r4", "R-1.8", "unsupported_report_channel"), Triple("r5", "§0", "empty_reference"),
        )
        eq(got, want, "rejections")
        check(r.rejected.all { it.message.isNotEmpty() }) { "a rejection without a message" }
        val ev = evaluate(defaultRetentionPolicy(), listOf(Record("m1", "", Channel.SMS, null, NOW)), listOf(), listOf(), NOW)
        eq(ev.rejected.map { it.code }, listOf("empty_reference"))
    }

    test("R-6.1: a condition is parsed once and evaluated against typed records") {
        Condition.parse("""{"all": [{"field": "naf", "op": "starts_with", "value": "62"},
                                    {"field": "headcount", "op": "between", "value": [10, 49]},
                                    {"field": "created_on", "op": "lt", "value": "2020-01-01"}]}""").use { c ->
            eq(c.fields(), listOf("naf", "headcount", "created_on"))
            val company = mapOf("naf" to FieldValue.Text("62.01Z"), "headcount" to FieldValue.Number(12.0),
                "created_on" to FieldValue.Text("2019-06-30"))
            eq(c.evaluate(company), true)
            eq(c.evaluate(company + ("headcount" to FieldValue.Number(50.0))), false)
            eq(c.evaluate(company - "naf"), false, "a missing field is false")
            val e = throws<FilrougeException.Refused> { c.evaluate(company + ("headcount" to FieldValue.Text("12"))) }
            eq(e.code, "type_mismatch")
            eq(e.path, "$.all[1]")
        }
    }

    test("R-6.1: an invalid condition is Refused with its code and JSON path; text that is not JSON is InvalidInput") {
        val e = throws<FilrougeException.Refused> { Condition.parse("""{"all": [{"field": "x", "op": "between", "value": [9, 1]}]}""") }
        eq(e.code, "between_reversed")
        eq(e.rule, "R-6.1")
        eq(e.path, "$.all[0].value")
        eq(throws<FilrougeException.InvalidInput> { Condition.parse("{\"all\": [") }.code, "invalid_input")
        eq(throws<FilrougeException.InvalidInput> {
            Condition.parse("""{"field": "x", "op": "eq", "value": 1}""").use { it.evaluate(mapOf("x" to FieldValue.Number(Double.NaN))) }
        }.code, "invalid_input")
        val deep = "{\"not\": ".repeat(10_000) + "{\"field\": \"x\", \"op\": \"exists\"}" + "}".repeat(10_000)
        val tooDeep = try { Condition.parse(deep).use { "parsed" } } catch (e: FilrougeException) { e.code() }
        check(tooDeep == "too_deep" || tooDeep == "invalid_input") { "10,000 nested nots: $tooDeep" }
    }

    // --- Panics and garbage ------------------------------------------------
    test("a Rust panic surfaces as InternalException and the library keeps working") {
        val e = throws<InternalException> { panicOnPurpose("garbage") }
        check(e.message!!.contains("deliberate panic")) { "message: ${e.message}" }
        eq(reconcile(listOf(call("c1")), listOf(report("r1")), defaultConfig(), NOW).links.size, 1, "after the panic")
    }

    test("garbage records never throw: 2,000 random contacts and reports, every one accepted or rejected") {
        val rnd = Random(42)
        fun junk(): String = when (rnd.nextInt(5)) {
            0 -> ""
            1 -> "\u0000\uFFFF\uD83D\uDE00 é"
            2 -> "x".repeat(rnd.nextInt(0, 6000))
            else -> "id-${rnd.nextInt(50)}"
        }
        fun at(): Instant = Instant.ofEpochSecond(rnd.nextLong(-10_000_000_000L, 10_000_000_000L), rnd.nextLong(0, 1_000_000_000L))
        val contacts = List(1000) {
            Contact(junk(), List(rnd.nextInt(3)) { junk() }, if (rnd.nextBoolean()) junk() else null,
                Channel.values().random(rnd), Direction.values().random(rnd), at(),
                if (rnd.nextBoolean()) rnd.nextInt().toUInt() else null, CallOutcome.values().random(rnd), rnd.nextBoolean(),
                rnd.nextInt().toUInt(), junk(), MailSource.values().random(rnd), junk(), junk(), rnd.nextBoolean(), at())
        }
        val reports = List(1000) {
            Report(junk(), junk(), junk(), Channel.values().random(rnd), Direction.values().random(rnd), at(), junk(), junk())
        }
        val r = reconcile(contacts, reports, defaultConfig(), NOW)
        check(r.links.size + r.orphans.size + r.reported.size <= reports.size) { "more results than reports" }
        check(r.rejected.isNotEmpty()) { "garbage accepted whole" }
        for (c in reports.map { it.clientId }.distinct().take(20)) {
            history(c, contacts, reports, HistoryOptions(), defaultConfig(), NOW)
        }
        contacts.take(200).forEach { restitution(it, defaultConfig().restitution) }
        val records = contacts.map { Record(it.id, it.parties.firstOrNull() ?: "", it.channel, it.mailSource, it.occurredAt) }
        val ev = evaluate(defaultRetentionPolicy(), records, listOf(junk()), listOf(junk()), NOW)
        check(ev.records.size + ev.rejected.size >= records.map { it.id }.distinct().size - 1) { "records lost" }
    }

    // --- Object lifetime ---------------------------------------------------
    test("R-1.9: Reconciler in use {} reports changes and equals one reconcile over everything") {
        val final = Reconciler(defaultConfig()).use { engine ->
            val first = engine.add(listOf(), listOf(report("r1")), NOW)
            eq(first, listOf<Change>(Change.OrphanCreated("r1", OrphanStatus.PROVISIONAL, null)))
            val second = engine.add(listOf(call("c1")), listOf(), NOW)
            eq(second, listOf<Change>(Change.OrphanResolved("r1", "c1", LinkRule.JUST_AFTER)))
            eq(engine.reportState("r1"), ReportState.Linked("c1", LinkRule.JUST_AFTER))
            eq(engine.reportState("nope"), null)
            eq(engine.history("cli-1", HistoryOptions()).entries.single().reportId, "r1")
            eq(engine.config(), defaultConfig())
            engine.reconciliation()
        }
        eq(final, reconcile(listOf(call("c1")), listOf(report("r1")), defaultConfig(), NOW))
    }

    test("R-1.7: advance() makes orphans final after the horizon") {
        Reconciler(defaultConfig()).use { engine ->
            engine.add(listOf(), listOf(report("r1")), NOW)
            eq(engine.advance(NOW.plus(Duration.ofDays(8))), listOf<Change>(Change.OrphanFinal("r1")))
        }
    }

    test("a destroyed Reconciler refuses calls with IllegalStateException; destroy() twice is harmless") {
        val engine = Reconciler(defaultConfig())
        engine.destroy()
        engine.destroy()
        throws<IllegalStateException> { engine.reconciliation() }
        val closed = Reconciler(defaultConfig())
        closed.use { }
        throws<IllegalStateException> { closed.advance(NOW) }
    }

    test("10,000 engines created and freed (use {}), and 1,000 left to the garbage collector") {
        repeat(10_000) { i -> Reconciler(defaultConfig()).use { it.add(listOf(call("c$i")), listOf(), NOW) } }
        repeat(1_000) { Reconciler(defaultConfig()) }
        System.gc()
    }

    // --- Reveal (SPEC §3): RevealLedger ------------------------------------
    val project = Context(portal = "p1", kind = ContextKind.PROJECT, id = "prj-7")
    fun revealReq(key: String, at: Instant = NOW, viewer: String = "adv-1") = RevealRequest(
        key = key, tenant = "t1", viewer = viewer, role = Role.ADVISOR_LOCAL, subject = "req-1", context = project, at = at)

    test("R-3.4: RevealLedger in use {}: the first reveal counts, a replayed key counts nothing") {
        RevealLedger(defaultRevealConfig()).use { ledger ->
            ledger.openProject("t1", project, "req-1", NOW)
            eq(ledger.canSee("t1", "adv-1", Role.ADVISOR_LOCAL, "req-1", project, NOW).reason, Reason.MUST_REVEAL)
            val first = ledger.reveal(revealReq("k1"))
            check(first.contactMade && first.consumed && !first.replayed) { "first: $first" }
            check(ledger.reveal(revealReq("k1")).replayed) { "the same key is not a replay" }
            eq(ledger.canSee("t1", "adv-1", Role.ADVISOR_LOCAL, "req-1", project, NOW), RevealVisibility(true, Reason.REVEALED))
            eq(ledger.stats(defaultStatsQuery()).contactsMade.single().count, 1uL)
            eq(ledger.consumption("t1", NOW).owned, 1uL)
            eq(ledger.len(), 2uL)
        }
    }

    test("R-3.4: export -> import round trip (typed events and JSON text) and merge of offline copies") {
        val phone = RevealLedger(defaultRevealConfig())
        val server = RevealLedger(defaultRevealConfig())
        try {
            phone.openProject("t1", project, "req-1", NOW)
            phone.reveal(revealReq("k1"))
            server.openProject("t1", project, "req-1", NOW)
            server.reveal(revealReq("k2", NOW.plusSeconds(60), viewer = "adv-2"))
            val events = phone.events()
            eq(events.size, 2)
            RevealLedger.fromEvents(defaultRevealConfig(), events).use { copy -> eq(copy, phone, "replayed typed events") }
            val text = phone.eventsJson()
            check(text.contains("\"event\":\"revealed\"")) { "the core's JSON: $text" }
            RevealLedger.fromEventsJson(defaultRevealConfig(), text).use { copy ->
                eq(copy, phone, "replayed JSON text")
                eq(copy.`import`(events).duplicates, 2uL, "re-import counts duplicates")
            }
            val merged = phone.merge(server)
            eq(merged.added, 1uL, "the server's reveal (its project_opened is a duplicate)")
            eq(merged.duplicates, 1uL)
            eq(server.merge(phone).added, 1uL)
            eq(phone, server, "both copies converge")
            eq(phone.merge(phone).added, 0uL, "merging a ledger into itself adds nothing")
        } finally {
            phone.destroy()
            server.destroy()
        }
    }

    test("reveal errors: one Refused code per core error, bad input is InvalidInput, a destroyed ledger refuses calls") {
        RevealLedger(defaultRevealConfig()).use { ledger ->
            val e = throws<FilrougeException.Refused> { ledger.openProject("t1", project.copy(kind = ContextKind.RESOURCE), "req-1", NOW) }
            eq(e.code, "wrong_context_kind"); eq(e.rule, "R-3.2")
            eq(throws<FilrougeException.Refused> { ledger.reveal(revealReq("k1")) }.code, "reveal_not_allowed")
            eq(throws<FilrougeException.Refused> { ledger.reveal(revealReq("")) }.code, "empty_id")
            val d = DiagnosticRequest("t1", project, "adv-1", Role.ADVISOR_GUEST, NOW)
            eq(throws<FilrougeException.Refused> { ledger.markDiagnostic(d) }.code, "diagnostic_not_allowed")
            eq(throws<FilrougeException.Refused> { ledger.undoDiagnostic(d.copy(role = Role.STAFF)) }.rule, "R-3.6")
            eq(throws<FilrougeException.InvalidInput> { ledger.importJson("[{\"event\": \"flew\"}]") }.code, "invalid_input")
            throws<FilrougeException.InvalidInput> { ledger.importJson("not json") }
            throws<FilrougeException.InvalidInput> { RevealLedger.fromEventsJson(defaultRevealConfig(), "{}") }
            throws<FilrougeException.InvalidInput> { RevealLedger(defaultRevealConfig().copy(timeZone = "Mars/Olympus")) }
            throws<FilrougeException.InvalidInput> { ledger.reveal(revealReq("k9", at = Instant.MAX)) }
        }
        val gone = RevealLedger(defaultRevealConfig())
        gone.destroy()
        gone.destroy()
        throws<IllegalStateException> { gone.events() }
    }

    test("garbage into every RevealLedger entry point never throws anything but FilrougeException") {
        val rnd = Random(7)
        fun junk(): String = when (rnd.nextInt(4)) { 0 -> ""; 1 -> "\u0000\uFFFF\uD83D\uDE00"; 2 -> "x".repeat(rnd.nextInt(0, 3000)); else -> "id-${rnd.nextInt(20)}" }
        fun at(): Instant = Instant.ofEpochSecond(rnd.nextLong(-10_000_000_000L, 10_000_000_000L))
        fun ctx() = Context(junk(), ContextKind.values().random(rnd), junk())
        val config = defaultRevealConfig().copy(scope = Scope.values().random(rnd), lapseAfterDays = UInt.MAX_VALUE,
            followUpAfterDays = UInt.MAX_VALUE, portals = mapOf(junk() to PortalOptions(true)))
        RevealLedger(config).use { ledger ->
            repeat(2_000) {
                try {
                    when (rnd.nextInt(12)) {
                        0 -> ledger.recommend(junk(), ctx(), junk(), junk(), at())
                        1 -> ledger.openProject(junk(), ctx(), junk(), at())
                        2 -> ledger.reveal(RevealRequest(junk(), junk(), junk(), Role.values().random(rnd), junk(), ctx(), at(),
                            if (rnd.nextBoolean()) junk() else null))
                        3 -> ledger.canSee(junk(), junk(), Role.values().random(rnd), junk(), ctx(), at())
                        4 -> ledger.changeCoordinates(junk(), junk(), at())
                        5 -> ledger.leaveCompany(junk(), junk(), at())
                        6 -> ledger.enrich(EnrichRequest(junk(), junk(), junk(), junk(), at(), rnd.nextBoolean()))
                        7 -> ledger.markDiagnostic(DiagnosticRequest(junk(), ctx(), junk(), Role.values().random(rnd), at()))
                        8 -> ledger.undoDiagnostic(DiagnosticRequest(junk(), ctx(), junk(), Role.values().random(rnd), at()))
                        9 -> ledger.consumption(junk(), at())
                        10 -> ledger.importJson(junk())
                        else -> ledger.revealMany(List(3) { RevealRequest(junk(), junk(), junk(), Role.values().random(rnd), junk(), ctx(), at()) })
                    }
                } catch (e: FilrougeException) {
                    // a typed refusal is fine; anything else fails the test
                }
            }
            ledger.stats(defaultStatsQuery().copy(period = Period.DAY))
            ledger.diagnostic(junk(), ctx())
            RevealLedger.fromEvents(config, ledger.events()).use { eq(it, ledger, "the garbage ledger replays to itself") }
        }
    }

    followupTests()
    scoringTests()
    triggerTests()
    pipelineTests()

    test("issue 7: seeded garbage into every entry point: each call returns or throws FilrougeException") {
        val (seed, calls) = GarbageTest.settings()
        val started = System.nanoTime()
        val o = GarbageTest.run()
        println("garbage: ${o.calls} calls (seed $seed of FILROUGE_GARBAGE=seed:calls, asked $calls) in ${(System.nanoTime() - started) / 1_000_000} ms: " +
            "${o.returned} returned, ${o.typed} typed FilrougeException, ${o.surrogates} lone surrogates refused by the generated Kotlin " +
            "(CharacterCodingException), ${o.failures.size} failures")
        o.failures.forEach { println("  garbage failure: $it") }
        check(o.failures.isEmpty()) { "${o.failures.size} calls ended otherwise" }
        check(o.uncalled.isEmpty()) { "entry points never called: ${o.uncalled}" }
        check(o.typed > 0 && o.returned > 0) { "the generator never reached both outcomes" }
    }

    println("$passed passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}
