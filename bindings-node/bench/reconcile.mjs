// Benchmark of the Node binding: reconcile 1M contacts + 200k reports passed
// as JS arrays (the data of `filrouge bench`, written by `filrouge generate`),
// synchronously and with reconcileAsync, and how long the async call ever
// blocks the event loop (perf_hooks.monitorEventLoopDelay at 1 ms, a 1 ms
// setInterval's longest gap as a cross-check, and V8's GC pauses from a
// PerformanceObserver: which gaps the collector explains).
//
//   node bench/reconcile.mjs [--contacts N] [--reports N] [--cli PATH] [--rust] [--no-flush]
//
// The young generation is emptied before the async call is timed (see
// scavengeTwice); --no-flush leaves it as the loading and the sync call
// left it, so the call's first scavenge copies the bench's own objects.
// --cli: the `filrouge` binary used to generate the data (default: the
// release build, target/release/filrouge); --rust: also run
// `filrouge bench --only reconcile` to print the core's own figure.
// Build the addon in release first: npm run build.

import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { PerformanceObserver, monitorEventLoopDelay, performance } from 'node:perf_hooks'
import os, { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getHeapSpaceStatistics } from 'node:v8'

const f = createRequire(import.meta.url)('../index.js')

const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : fallback
}
const nContacts = Number(opt('contacts', 1_000_000))
const nReports = Number(opt('reports', 200_000))
const root = new URL('../../', import.meta.url).pathname
const cli = opt('cli', join(root, 'target/release/filrouge'))
const NOW = '2026-04-15T00:00:00Z' // the date of the core's benchmark

// --- data ----------------------------------------------------------------------
const dir = join(tmpdir(), `filrouge-bench-${nContacts}-${nReports}`)
if (!existsSync(join(dir, 'reports.jsonl'))) {
  mkdirSync(dir, { recursive: true })
  execFileSync(cli, ['generate', '--out', dir, '--contacts', String(nContacts), '--reports', String(nReports)], { stdio: 'inherit' })
}
const camel = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
function load(file) {
  const out = []
  for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
    if (!line) continue
    const o = JSON.parse(line)
    const js = {}
    for (const k in o) js[camel(k)] = o[k]
    out.push(js)
  }
  return out
}
const contacts = load('contacts.jsonl')
const reports = load('reports.jsonl')
const records = contacts.length + reports.length

// --- memory ------------------------------------------------------------------------
const status = (field) => {
  const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`))
  return m ? Number(m[1]) * 1024 : NaN
}
const resetPeak = () => {
  try {
    writeFileSync('/proc/self/clear_refs', '5')
  } catch {}
}
const mib = (b) => (b / 2 ** 20).toFixed(0)

globalThis.gc?.()
const baseRss = status('VmRSS')
console.log(`node ${process.version} ${process.execArgv.join(' ')}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`)
console.log(`data: ${contacts.length} contacts + ${reports.length} reports as JS objects, process RSS ${mib(baseRss)} MiB`)

// --- event-loop noise of this machine, with no work at all ------------------------
{
  const idle = monitorEventLoopDelay({ resolution: 1 })
  const timer = setInterval(() => {}, 1)
  idle.enable()
  await new Promise((r) => setTimeout(r, 2000))
  idle.disable()
  clearInterval(timer)
  console.log(`event loop idle (baseline, 2 s): max delay ${(idle.max / 1e6).toFixed(1)} ms, p99 ${(idle.percentile(99) / 1e6).toFixed(1)} ms`)
}

// --- sync ---------------------------------------------------------------------------
resetPeak()
let t0 = performance.now()
let cpu0 = process.cpuUsage()
let sync = f.reconcile(contacts, reports, {}, NOW)
const syncS = (performance.now() - t0) / 1000
const syncCpu = process.cpuUsage(cpu0)
const syncCpuS = (syncCpu.user + syncCpu.system) / 1e6
const syncPeak = status('VmHWM')
console.log(
  `reconcile (sync):  ${syncS.toFixed(2)} s wall, ${(records / syncS / 1e6).toFixed(2)} M records/s ` +
    `(CPU ${syncCpuS.toFixed(2)} s: ${(records / syncCpuS / 1e6).toFixed(2)} M records/CPU-s), ` +
    `peak RSS ${mib(syncPeak)} MiB (+${mib(syncPeak - baseRss)} over the loaded data), ${sync.links.length} links`,
)

const syncCounts = [sync.links.length, sync.orphans.length]
sync = null

// --- async ----------------------------------------------------------------------------
/**
 * Short-lived garbage until V8 has run two scavenges: whatever the bench
 * itself still holds in the young generation (the end of the loaded data,
 * the synchronous result just dropped) is promoted before the async call
 * is timed, so the call's pauses are its own, not the copying of the
 * bench's objects. (The scavenges are seen with `v8.getHeapSpaceStatistics`:
 * the young generation's use drops.)
 */
function scavengeTwice() {
  const used = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size
  let sink = null
  for (let seen = 0, last = used(); seen < 2; ) {
    for (let k = 0; k < 10_000; k++) sink = [k, sink === null ? 0 : 1]
    const now = used()
    if (now < last) seen++
    last = now
  }
  return sink
}
await new Promise((r) => setTimeout(r, 50))
globalThis.gc?.()
if (!args.includes('--no-flush')) scavengeTwice()
const h = monitorEventLoopDelay({ resolution: 1 })
let ticks = 0
let last = performance.now()
let longestGap = 0
/** Gaps over 10 ms between two 1 ms ticks: [start, length] in ms since the call. */
const gaps = []
const timer = setInterval(() => {
  const t = performance.now()
  if (t - last > 10) gaps.push([last - t0, t - last])
  longestGap = Math.max(longestGap, t - last)
  last = t
  ticks++
}, 1)
/** V8's garbage collections during the call (PerformanceObserver 'gc'). */
const gcs = []
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push([e.startTime - t0, e.duration, e.detail?.kind])
})
gcObserver.observe({ entryTypes: ['gc'] })
h.enable()
resetPeak()
t0 = performance.now()
cpu0 = process.cpuUsage()
last = t0
// Under `node --trace-gc-nvp`, these lines delimit the call's collections
// in V8's trace (bench/young.sh sums its young bytes and scavenges).
const tracing = process.execArgv.some((a) => a.startsWith('--trace-gc'))
if (tracing) console.log('=== reconcileAsync begins')
const result = await f.reconcileAsync(contacts, reports, {}, NOW)
if (tracing) console.log('=== reconcileAsync ends')
const asyncS = (performance.now() - t0) / 1000
const asyncCpu = process.cpuUsage(cpu0)
h.disable()
clearInterval(timer)
// The result's objects still young when the Promise resolves are copied by
// the application's next scavenges: run them now and time them too.
const endMs = performance.now() - t0
scavengeTwice()
await new Promise((r) => setTimeout(r, 50)) // the last 'gc' entries
gcObserver.disconnect()
const after = gcs.filter(([at]) => at >= endMs)
gcs.splice(gcs.length - after.length)
const asyncPeak = status('VmHWM')
const same = result.links.length === syncCounts[0] && result.orphans.length === syncCounts[1]
console.log(
  `reconcileAsync:    ${asyncS.toFixed(2)} s wall, ${(records / asyncS / 1e6).toFixed(2)} M records/s ` +
    `(CPU of all threads ${((asyncCpu.user + asyncCpu.system) / 1e6).toFixed(2)} s), peak RSS ${mib(asyncPeak)} MiB, same result: ${same}`,
)
const maxMs = h.max / 1e6
console.log(
  `event loop during reconcileAsync: max delay ${maxMs.toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, ` +
    `mean ${(h.mean / 1e6).toFixed(1)} ms; ${ticks} timer ticks, longest gap between 1 ms ticks ${longestGap.toFixed(1)} ms ` +
    `(target: no block over 10 ms: ${maxMs <= 10 ? 'met' : 'NOT met'})`,
)
// Which gaps V8's collector explains: a gap overlapping a GC pause of the same order.
const KIND = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak-callbacks' }
const gcLong = gcs.filter(([, d]) => d > 5)
console.log(
  `garbage collections during reconcileAsync: ${gcs.length}, ${gcs.reduce((a, [, d]) => a + d, 0).toFixed(0)} ms in all, ` +
    `longest ${Math.max(0, ...gcs.map(([, d]) => d)).toFixed(1)} ms; over 5 ms: ` +
    (gcLong.map(([at, d, k]) => `${KIND[k] ?? k} ${d.toFixed(1)} ms at ${at.toFixed(0)} ms`).join(', ') || 'none'),
)
console.log(
  `the next scavenges after the call (they promote what the result still has young): ` +
    (after.map(([, d, k]) => `${KIND[k] ?? k} ${d.toFixed(1)} ms`).join(', ') || 'none'),
)
const explained = (at, len) => gcs.some(([g, d]) => d >= len / 2 && g < at + len && g + d > at)
console.log(
  `gaps over 10 ms between ticks: ${gaps.length}` +
    (gaps.length ? ': ' + gaps.map(([at, len]) => `${len.toFixed(1)} ms at ${at.toFixed(0)} ms${explained(at, len) ? ' (GC)' : ''}`).join(', ') : '') +
    ` (call: ${(asyncS * 1000).toFixed(0)} ms)`,
)
if (gaps.some(([at, len]) => explained(at, len))) {
  console.log('(the "(GC)" gaps are V8 collections; the write phase keeps the result under about 512 KiB of what each scavenge finds alive: src/young.rs)')
}

// --- the core's own figure ---------------------------------------------------------------
if (args.includes('--rust')) {
  const scale = nContacts === 1_000_000 && nReports === 200_000 ? 'default' : nContacts === 100_000 && nReports === 20_000 ? 'small' : null
  if (scale) {
    const out = execFileSync(cli, ['bench', '--only', 'reconcile', '--scale', scale], { encoding: 'utf8' })
    const line = out.split('\n').find((l) => l.startsWith('reconcile'))
    const perS = Number(line?.trim().split(/\s+/)[3])
    console.log(`Rust core (filrouge bench --only reconcile --scale ${scale}): ${(perS / 1e6).toFixed(2)} M records/s`)
    console.log(`binding / core: sync ${((records / syncS / perS) * 100).toFixed(0)} %, async ${((records / asyncS / perS) * 100).toFixed(0)} %`)
  } else {
    console.log('(--rust needs the sizes of a `filrouge bench` scale: 1M+200k or 100k+20k)')
  }
}
if (!same) process.exit(1)
