// A client's history over HTTP with nothing but node:http.
//
//   node examples/history-server.mjs            # serves the sample below on :3000
//   curl localhost:3000/clients/cli-1/history
//
// GET /clients/:id/history → 200 the history as JSON (instants as RFC 3339
// strings); 422 {error, message} when filrouge refuses (a legal entity has
// no history, R-2.5); 404 for any other path. The host owns storage: here
// the records are in memory; a real host would load the client's contacts
// and reports from its database before calling `historyAsync`.

import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const { historyAsync } = createRequire(import.meta.url)('../index.js')

/** A request listener serving histories of `store` ({contacts, reports, legalEntities, config}). */
export function historyHandler(store) {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const match = url.pathname.match(/^\/clients\/([^/]+)\/history$/)
    if (req.method !== 'GET' || !match) return send(res, 404, { error: 'not_found', message: `no route ${req.method} ${url.pathname}` })
    const clientId = decodeURIComponent(match[1])
    try {
      // Off the main thread: other requests are served meanwhile.
      const history = await historyAsync(
        clientId,
        store.contacts,
        store.reports,
        { legalEntities: store.legalEntities ?? [] },
        store.config ?? {},
        new Date(),
      )
      send(res, 200, history)
    } catch (e) {
      // filrouge errors carry a stable code; anything else is ours.
      const status = e.code === 'invalid_input' || e.code === 'internal' || !e.code ? 500 : 422
      send(res, status, { error: e.code ?? 'internal', message: e.message })
    }
  }
}

function send(res, status, body) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** A tiny sample: one call with its report, one orphan report, a meeting. */
export const SAMPLE = {
  contacts: [
    { id: 'c1', parties: ['cli-1'], advisorId: 'adv-1', channel: 'phone', direction: 'outbound', occurredAt: '2026-03-02T09:00:00Z', durationS: 300 },
    { id: 'c2', parties: ['cli-1', 'acme'], channel: 'email', direction: 'inbound', occurredAt: '2026-03-03T14:12:00Z', subject: 'Devis', mailSource: 'exchange_outlook' },
  ],
  reports: [
    { id: 'r1', clientId: 'cli-1', advisorId: 'adv-1', channel: 'phone', initiative: 'outbound', enteredAt: '2026-03-02T09:07:00Z', motive: 'suivi', comment: 'RDV fixé' },
    { id: 'r2', clientId: 'cli-1', advisorId: 'adv-1', channel: 'meeting', initiative: 'inbound', enteredAt: '2026-03-05T10:30:00Z', comment: 'Signature' },
  ],
  legalEntities: ['acme'],
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 3000)
  createServer(historyHandler(SAMPLE)).listen(port, '127.0.0.1', () => {
    console.log(`try: curl http://127.0.0.1:${port}/clients/cli-1/history`)
  })
}
