// Throughput of the mobile binding on the JVM: synthetic data built in
// Kotlin, one batch call each, timed end to end (record conversion and the
// FFI copy included, which is what an app pays). Peak memory is the
// process's VmHWM (JVM heap and native library together).
// Usage: bindings-mobile/bench.sh [--scale small|default]
package filrouge.test

import filrouge.*
import java.io.File
import java.time.Instant

/** SplitMix64: the same generator family as the bench crate, for repeatable data. */
private class Mix(private var s: Long) {
    fun next(): Long {
        s += -7046029254386353131L
        var z = s
        z = (z xor (z ushr 30)) * -4658895280553007687L
        z = (z xor (z ushr 27)) * -7723592293110705685L
        return z xor (z ushr 31)
    }
    fun below(n: Int): Int = ((next() ushr 1) % n).toInt()
}

private fun peakMiB(): String =
    File("/proc/self/status").readLines().firstOrNull { it.startsWith("VmHWM:") }
        ?.split(Regex("\\s+"))?.get(1)?.toLong()?.let { "${it / 1024} MiB" } ?: "n/a"

private fun timed(label: String, records: Int, runs: Int, body: () -> Unit) {
    body() // warm-up (JIT, first-call loading)
    var best = Long.MAX_VALUE
    repeat(runs) {
        val t = System.nanoTime()
        body()
        best = minOf(best, System.nanoTime() - t)
    }
    val perSec = records / (best / 1e9)
    println(String.format("%-24s %9d records  %8.1f ms  %10.0f records/s  peak %s", label, records, best / 1e6, perSec, peakMiB()))
}

fun main(args: Array<String>) {
    val scale = args.getOrNull(args.indexOf("--scale") + 1)?.takeIf { "--scale" in args } ?: "default"
    val contactsN = if (scale == "small") 20_000 else 200_000
    val reportsN = contactsN / 5
    val rnd = Mix(42)
    val start = Instant.parse("2026-03-01T00:00:00Z").epochSecond
    val channels = listOf(Channel.PHONE, Channel.EMAIL, Channel.SMS)
    val contacts = List(contactsN) { i ->
        Contact(id = "c$i", parties = listOf("cli-${rnd.below(contactsN / 10)}"), advisorId = "adv-${rnd.below(50)}",
            channel = channels[rnd.below(3)], direction = if (rnd.below(2) == 0) Direction.INBOUND else Direction.OUTBOUND,
            occurredAt = Instant.ofEpochSecond(start + rnd.below(30 * 86400)), durationS = rnd.below(600).toUInt())
    }
    val reports = List(reportsN) { i ->
        val c = contacts[rnd.below(contactsN)]
        Report(id = "r$i", clientId = c.parties[0], advisorId = c.advisorId!!, channel = c.channel, initiative = c.direction,
            enteredAt = c.occurredAt.plusSeconds(60L + (c.durationS ?: 0u).toLong()), comment = "compte rendu $i")
    }
    val now = Instant.ofEpochSecond(start + 31 * 86400)
    val config = defaultConfig()
    println("scale $scale (JVM ${System.getProperty("java.version")}, library ${System.getProperty("jna.library.path")})")
    timed("reconcile", contactsN + reportsN, 3) { reconcile(contacts, reports, config, now) }
    val records = contacts.map { Record(it.id, it.parties[0], it.channel, MailSource.EXCHANGE_OUTLOOK.takeIf { _ -> it.channel == Channel.EMAIL }, it.occurredAt) }
    val policy = defaultRetentionPolicy()
    timed("retention (evaluate)", records.size, 3) { evaluate(policy, records, listOf(), listOf(), now) }
    val batches = 20
    timed("reconciler (20 batches)", contactsN + reportsN, 1) {
        Reconciler(config).use { engine ->
            for (b in 0 until batches) {
                engine.add(contacts.subList(b * contactsN / batches, (b + 1) * contactsN / batches),
                    reports.subList(b * reportsN / batches, (b + 1) * reportsN / batches), now)
            }
        }
    }
    Condition.parse("""{"all": [{"field": "headcount", "op": "between", "value": [10, 49]}, {"field": "naf", "op": "starts_with", "value": "62"}]}""").use { c ->
        val companies = List(contactsN / 10) { mapOf("headcount" to FieldValue.Number(rnd.below(100).toDouble()), "naf" to FieldValue.Text("6${rnd.below(10)}.01Z")) }
        timed("condition (per call)", companies.size, 3) { companies.forEach { c.evaluate(it) } }
    }
}
