// The Kotlin example of bindings-mobile/README.md ("Use"), compiled and run
// by CI so the README cannot drift from the generated API.
package filrouge.example

import filrouge.*
import java.time.Instant

fun main() {
    val call = Contact(id = "c1", parties = listOf("cli-1"), advisorId = "adv-1", channel = Channel.PHONE,
        direction = Direction.OUTBOUND, occurredAt = Instant.parse("2026-03-02T09:00:00Z"), durationS = 300u)
    val report = Report(id = "r1", clientId = "cli-1", advisorId = "adv-1", channel = Channel.PHONE,
        initiative = Direction.OUTBOUND, enteredAt = Instant.parse("2026-03-02T09:07:00Z"), comment = "RDV fixé")
    val now = Instant.parse("2026-03-02T12:00:00Z")

    val result = reconcile(listOf(call), listOf(report), defaultConfig(), now)
    check(result.links.single().rule == LinkRule.JUST_AFTER)
    result.rejected.forEach { println("${it.id}: ${it.code} (${it.rule})") }  // bad records, never an exception

    try {
        history("ent-1", listOf(call), listOf(report), HistoryOptions(legalEntities = setOf("ent-1")), defaultConfig(), now)
    } catch (e: FilrougeException.Refused) {
        println("${e.code} ${e.rule}: ${e.detail}")                 // not_a_natural_person: …
    }

    // Captures arriving late and in any order: an object, freed by use {}.
    Reconciler(defaultConfig().copy(timeZone = "Europe/Paris")).use { engine ->
        println(engine.add(listOf(), listOf(report), now))          // [OrphanCreated(r1, PROVISIONAL)]
        println(engine.add(listOf(call), listOf(), now))            // [OrphanResolved(r1, c1, JUST_AFTER)]
    }

    // Conditions: validated once, evaluated against typed records.
    Condition.parse("""{"field": "headcount", "op": "between", "value": [10, 49]}""").use { c ->
        println(c.evaluate(mapOf("headcount" to FieldValue.Number(12.0))))  // true
    }
}
