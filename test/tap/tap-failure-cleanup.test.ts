// A failing scenario must reject with a typed error and still close every socket and server.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runTap, TapScenarioError } from '../support/tap/index.js';

const openTcp = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap');

describe('tap failure handling', () => {
  it('a throwing server handler fails the scenario; everything is closed', async () => {
    await assert.rejects(
      runTap({
        protocol: 'http1',
        server: () => {
          throw new Error('handler exploded');
        },
        client: async (client) => {
          const res = await client.request({ path: '/boom' });
          assert.equal(res.status, 500);
        },
      }),
      (error: unknown) => error instanceof TapScenarioError && error.code === 'TAP_SCENARIO' && /handler exploded/.test(error.message),
    );
    assert.deepEqual(openTcp(), []);
  });

  it('a client that waits for bytes that never come times out, and everything is closed', async () => {
    await assert.rejects(
      runTap({
        protocol: 'http2',
        timeoutMs: 300,
        server: (_req, res) => {
          res.end('x');
        },
        client: async (client) => {
          const raw = await client.connect();
          await raw.write('not an http2 preface\r\n\r\n');
          await raw.waitFor((got) => got.includes('never'), 300);
        },
      }),
      (error: unknown) => error instanceof TapScenarioError && /raw (waitFor|socket ended)/.test(error.message),
    );
    assert.deepEqual(openTcp(), []);
  });
});
