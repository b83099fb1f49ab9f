// Server-side capture (a hooked server: requests are its reads, responses its writes): the role
// comes from the bytes, the exchanges are the same as from the client side.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTap } from '../support/tap/index.js';
import { feedCalls, withoutTimes } from './support/feed.js';
import { assertMatchesTruth } from './support/truth.js';

test('server-side capture: read/write flipped, hooked = server, same exchanges', async () => {
  const cap = await runTap({
    protocol: 'http1',
    server: (req, res, body) => {
      res.setHeader('X-Method', req.method ?? '');
      res.end(`echo:${body.toString('latin1')}`);
    },
    client: async (c) => {
      await c.request({ method: 'POST', path: '/a', body: 'one' });
      await c.request({ path: '/b?x=1', headers: [['X-Custom', 'Mixed Case Value']] });
      await c.request({ method: 'DELETE', path: '/c' });
    },
  });
  const serverSide = cap.calls({ side: 'server' });
  assert.ok(serverSide.some((c) => c.kind === 'data' && c.direction === 'read' && Buffer.from(c.data).toString('latin1').startsWith('POST /a')));
  const fed = feedCalls(serverSide);
  const [{ info }] = [...fed.connections.values()];
  assert.equal(info!.hooked, 'server');
  assert.equal(fed.exchanges.length, 3);
  fed.exchanges.forEach((x, i) => assertMatchesTruth(x, cap.truth[i]!));

  const clientSide = feedCalls(cap.calls({ side: 'client' }));
  const strip = (x: (typeof fed.exchanges)[number]): unknown => {
    const { connection: _c, id: _i, ...rest } = withoutTimes(x) as Record<string, unknown>;
    return rest;
  };
  assert.deepEqual(fed.exchanges.map(strip), clientSide.exchanges.map(strip), 'both captures tell the same exchanges');
});
