// Arrival order is not capture order (§4.4): a response event may come before its request's. The
// response waits for its request (so a HEAD response is still read without a body), and pairing
// follows the events' own times.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTap, type CapturedCall } from '../support/tap/index.js';
import { feedCalls, withoutTimes } from './support/feed.js';

/** Every run of request writes swapped with the run of response reads after it. */
function responsesFirst(calls: CapturedCall[]): CapturedCall[] {
  const runs: CapturedCall[][] = [];
  for (const call of calls) {
    if (call.kind !== 'data') continue;
    const last = runs.at(-1);
    if (last && last[0]!.kind === 'data' && last[0]!.direction === call.direction) last.push(call);
    else runs.push([call]);
  }
  const out: CapturedCall[] = [];
  for (let i = 0; i < runs.length; i += 2) out.push(...(runs[i + 1] ?? []), ...runs[i]!);
  return out;
}

test('responses delivered before their requests pair by time; HEAD framing still right', async () => {
  const doc = 'd'.repeat(900);
  const cap = await runTap({
    protocol: 'http1',
    server: (req, res) => {
      res.writeHead(200, { 'Content-Length': String(doc.length) });
      res.end(req.method === 'HEAD' ? undefined : doc);
    },
    client: async (c) => {
      await c.request({ method: 'HEAD', path: '/doc' });
      await c.request({ path: '/doc' });
      await c.request({ method: 'HEAD', path: '/again' });
    },
  });
  const calls = cap.calls({ side: 'client' });
  const inOrder = feedCalls(calls);
  assert.equal(inOrder.exchanges.length, 3);
  const swapped = responsesFirst(calls);
  const first = swapped[0]!;
  assert.ok(first.kind === 'data' && first.direction === 'read', 'a response arrives first');
  const reordered = feedCalls(swapped);
  assert.deepEqual(reordered.exchanges.map(withoutTimes), inOrder.exchanges.map(withoutTimes));
  assert.equal([...reordered.connections.values()][0]!.info.hooked, 'client');
});
