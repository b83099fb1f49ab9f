// Connections without a close signal (raw and v2 carry none) stay open for `connectionIdleMs`, so
// what an idle keep-alive connection holds is multiplied by every connection of the last minutes.
// Found by the memory benchmark: each one kept a copy of its last event (up to 72 KiB per
// direction) and a view of the event's bytes. Between messages a connection now holds neither.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTap } from '../support/tap/index.js';
import { MiB, settledHeldBytes } from '../support/fuzz/bomb-inputs.js';
import { feedCalls } from './support/feed.js';

test('500 idle keep-alive connections after a 12 KiB response each retain no copy of it', async () => {
  const body = 'r'.repeat(12 * 1024);
  const cap = await runTap({
    protocol: 'http1',
    server: (_req, res) => {
      res.end(body);
    },
    client: async (c) => {
      await c.request({ path: '/big' });
    },
  });
  const calls = cap.calls({ side: 'client' });
  const connections = 500;
  const before = await settledHeldBytes();
  // The same connection 500 times over, under other keys; each call's bytes are its own copy, as a
  // decoded event's payload would be.
  const replicated = Array.from({ length: connections }, (_, i) =>
    calls.map((call) => (call.kind === 'data' ? { ...call, conn: `${call.conn}#${i}`, data: new Uint8Array(call.data) } : { ...call, conn: `${call.conn}#${i}` })),
  ).flat();
  const fed = feedCalls(replicated, { end: false });
  assert.equal(fed.exchanges.length, connections);
  fed.exchanges.length = 0; // the exchanges themselves (and their bodies) are the caller's to keep
  replicated.length = 0;
  const retained = (await settledHeldBytes()) - before;
  // The connections themselves cost ~3.5 MiB; holding the last response event twice (a copy and a
  // view) added 500 × 2 × 12 KiB ≈ 12 MiB more.
  assert.ok(retained < 8 * MiB, `${(retained / MiB).toFixed(1)} MiB retained by ${connections} idle connections`);
  assert.equal(fed.connections.size, connections, 'the connections are still open');
});
