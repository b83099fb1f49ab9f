// Request URLs: origin-form with Host (https assumed, flagged), absolute-form (as given, not
// flagged), no Host at all (the server address from the tuple, flagged, authority left empty),
// asterisk-form; HTTP/1.0 requests say so in `protocol`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTap } from '../support/tap/index.js';
import { codes, feedCalls } from './support/feed.js';

test('absolute-form, no Host (HTTP/1.0), and asterisk-form targets', async () => {
  const cap = await runTap({
    protocol: 'http1',
    server: (req, res) => void res.end(`${req.method} ${req.url}`),
    client: async (c) => {
      const raw = await c.connect();
      const send = async (text: string, until: string): Promise<void> => {
        await raw.write(text);
        await raw.waitFor((got) => got.includes(until));
      };
      await send('GET http://proxy.test:8080/p?q=1 HTTP/1.1\r\nHost: proxy.test:8080\r\n\r\n', 'GET http://proxy.test:8080/p?q=1');
      await send('OPTIONS * HTTP/1.1\r\nHost: star.test\r\n\r\n', 'OPTIONS *');
      await send('GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', 'GET /old');
      await raw.end();
    },
  });
  const fed = feedCalls(cap.calls({ side: 'client' }));
  const [{ info }] = [...fed.connections.values()];
  assert.equal(fed.exchanges.length, 3);
  const [absolute, star, old] = fed.exchanges;

  assert.equal(absolute!.request!.url, 'http://proxy.test:8080/p?q=1');
  assert.equal(absolute!.request!.scheme, 'http');
  assert.equal(absolute!.request!.authority, 'proxy.test:8080');
  assert.ok(!codes(absolute!).includes('scheme-inferred'));

  assert.equal(star!.request!.target, '*');
  assert.equal(star!.request!.url, 'https://star.test');
  assert.ok(codes(star!).includes('scheme-inferred'));

  assert.equal(old!.protocol, 'HTTP/1.0');
  assert.equal(old!.request!.authority, undefined, 'no Host: no authority is invented');
  assert.equal(old!.request!.url, `https://${info!.server!.ip}:${info!.server!.port}/old`);
  assert.ok(old!.issues.some((i) => i.code === 'scheme-inferred' && /server address/.test(i.detail ?? '')));
  assert.equal(old!.response!.status, 200);
});
