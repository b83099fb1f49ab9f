// A request that never gets a response (the server stays silent, the client gives up): emitted at
// end of input with `response-missing`; earlier answered requests are unaffected.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { withTimeout, sleep } from '../support/tap/index.js';
import { callsOf, captureThrough, codes, feedCalls } from './support/feed.js';

test('request without response: response-missing at end of input', async () => {
  const server = createServer((req, res) => {
    if (req.url === '/answered') res.end('yes');
    // '/ignored': never answered; the client destroys the socket.
  });
  const recording = await captureThrough(server, async (address) => {
    const send = (path: string, wait: boolean): Promise<void> =>
      withTimeout(
        new Promise<void>((resolve) => {
          const req = request({ host: address.ip, port: address.port, path, agent: false, headers: { Connection: 'keep-alive' } });
          req.on('response', (res) => {
            res.resume();
            res.on('end', resolve);
          });
          req.on('error', () => resolve());
          req.end();
          if (!wait) void sleep(150).then(() => (req.destroy(), resolve()));
        }),
        3000,
        path,
      );
    await send('/answered', true);
    await send('/ignored', false);
  });
  const fed = feedCalls(callsOf(recording, { side: 'client' }));
  assert.equal(fed.exchanges.length, 2);
  const answered = fed.exchanges.find((x) => x.request?.target === '/answered')!;
  assert.deepEqual(codes(answered), ['scheme-inferred']);
  const ignored = fed.exchanges.find((x) => x.request?.target === '/ignored')!;
  assert.equal(ignored.response, undefined);
  assert.equal(ignored.request!.body.status, 'absent');
  assert.ok(codes(ignored).includes('response-missing'));
  assert.ok(codes(ignored).includes('end-of-input'));
});
