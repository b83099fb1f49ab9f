// Found by the flood test: the bounded queue between the socket and a slow consumer kept a
// reference to every item already taken until it compacted (after 1024 of them), so on top of
// `queueLimit` messages it may hold up to 1024 delivered ones: with 64 KiB messages 64 MiB, and
// with maxPayload-sized (256 MiB) messages far more than the limit suggests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedQueue } from '../../src/source/bounded-queue.js';
import { MiB, settledHeldBytes } from '../support/fuzz/bomb-inputs.js';

test('items taken from the bounded queue are no longer held by it', async () => {
  const queue = new BoundedQueue<Uint8Array>({ limit: 4096, onDropped: () => new Uint8Array(0) });
  const before = await settledHeldBytes();
  for (let i = 0; i < 1000; i++) queue.push(new Uint8Array(64 * 1024));
  for (let i = 0; i < 1000; i++) await queue.shift();
  const retained = (await settledHeldBytes()) - before;
  assert.ok(retained < 8 * MiB, `${Math.round(retained / MiB)} MiB still held after every item was taken`);
});

test('control: a queue that was never filled holds nothing', async () => {
  const before = await settledHeldBytes();
  const queue = new BoundedQueue<Uint8Array>({ limit: 4096, onDropped: () => new Uint8Array(0) });
  queue.push(new Uint8Array(16));
  await queue.shift();
  assert.ok((await settledHeldBytes()) - before < 8 * MiB);
});
