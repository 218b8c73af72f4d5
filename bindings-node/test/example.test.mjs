// The example HTTP handler, tested by requests on loopback.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { historyHandler, SAMPLE } from '../examples/history-server.mjs'

async function withServer(fn) {
  const server = createServer(historyHandler(SAMPLE))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${server.address().port}`
  try {
    await fn(base)
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

test('GET /clients/cli-1/history serves the history as JSON', () =>
  withServer(async (base) => {
    const res = await fetch(`${base}/clients/cli-1/history`)
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type'), /application\/json/)
    const body = await res.json()
    assert.equal(body.clientId, 'cli-1')
    assert.deepEqual(body.entries.map((e) => [e.id, e.kind]), [['r2', 'reported'], ['c2', 'captured'], ['c1', 'captured']])
    assert.equal(body.entries[2].comment, 'RDV fixé')
    assert.equal(body.entries[2].linkRule, 'just_after')
  }))

test('a legal entity is refused with the core code; other paths are 404', () =>
  withServer(async (base) => {
    const res = await fetch(`${base}/clients/acme/history`)
    assert.equal(res.status, 422)
    assert.equal((await res.json()).error, 'not_a_natural_person')
    assert.equal((await fetch(`${base}/nope`)).status, 404)
  }))
