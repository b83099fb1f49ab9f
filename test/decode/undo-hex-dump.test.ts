// Go hex.Dump reversal (protocol reference §7.1). The dumps are made by goHexDump below, a
// transcription of Go's encoding/hex dumper (Write + Close), independent of the code under test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { create, toBinary } from '@bufbuild/protobuf';
import { LogEntrySchema, LogType } from '../../src/gen/ecaptureq_pb.js';
import { decodeLogEntry } from '../../src/decode/decode-log-entry.js';
import { undoHexDump, undoHexDumps } from '../../src/decode/undo-hex-dump.js';

function goHexDump(data: Uint8Array): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const toChar = (b: number) => (b < 32 || b > 126 ? '.' : String.fromCharCode(b));
  let out = '';
  let used = 0;
  let right = '';
  data.forEach((b, n) => {
    if (used === 0) out += `${hex(n >>> 0, 8)}  `;
    out += `${hex(b, 2)} `;
    if (used === 7) out += ' ';
    else if (used === 15) out += ' |';
    right += toChar(b);
    used++;
    if (used === 16) {
      out += `${right}|\n`;
      used = 0;
      right = '';
    }
  });
  if (used > 0) {
    for (let u = used; u < 16; u++) out += u === 7 ? '    ' : u === 15 ? '    |' : '   ';
    out += `${right}|\n`;
  }
  return out;
}

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

test('the reference dumper reproduces the line quoted in the protocol reference', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  assert.equal(goHexDump(png), '00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|\n');
});

test('undoes a dump of any length, including short last lines', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (data) => {
      const undone = undoHexDump(ascii(goHexDump(data)));
      assert.ok(undone);
      assert.deepEqual([...undone], [...data]);
    }),
    { numRuns: 200 },
  );
});

test('undoes a double dump (binary type 0 under --hex)', () => {
  const data = new Uint8Array([0x16, 0x03, 0x01, 0x00, 0xff, 0x0a, 0x41]);
  const twice = ascii(goHexDump(ascii(goHexDump(data))));
  assert.deepEqual([...(undoHexDumps(twice) ?? [])], [...data]);
  assert.deepEqual([...(undoHexDumps(twice, 1) ?? [])], [...ascii(goHexDump(data))]);
});

test('rejects text that is not exactly a dump', () => {
  const good = goHexDump(ascii('Go is an open source programming language.'));
  const cases = [
    good.slice(0, -1), // missing final \n
    good + 'x', // trailing garbage
    good.replace('|Go is', '|Go iz'), // ASCII column disagrees
    good.replace('00000010', '00000011'), // wrong offset
    good.replace('47 6f', '47 6F'), // Go prints lowercase only
    good.replace('  |urce', ' |urce'), // column shifted
    goHexDump(ascii('0123456789abcdef0123')).replace('00000010', '00000000'), // second line repeats offset 0
    '00000000  hello world',
    '',
  ];
  for (const text of cases) assert.equal(undoHexDump(ascii(text)), undefined, JSON.stringify(text));
});

test('decodeLogEntry undoes a hex-dumped v1 payload and flags it', () => {
  const rendering = ascii('\nFrame Type\t=>\tSETTINGS\nFrame StreamID\t=>\t0\n');
  const payload = ascii(goHexDump(rendering));
  const entry = toBinary(
    LogEntrySchema,
    create(LogEntrySchema, {
      logType: LogType.EVENT,
      payload: { case: 'eventPayload', value: { uuid: '1_1_curl_5_0_1.2.3.4:5-6.7.8.9:443', pid: 1n, timestamp: 5n, type: 4, payload, length: payload.length } },
    }),
  );
  const record = decodeLogEntry(entry);
  assert.ok(record.kind === 'event' && record.sub === 'data');
  assert.deepEqual([...record.payload], [...rendering]);
  assert.deepEqual(record.flags, ['hex-dump-undone']);
  assert.equal(record.dialect, 'v1');
  // The raw override keeps the bytes as sent.
  const raw = decodeLogEntry(entry, { dialect: 'raw' });
  assert.ok(raw.kind === 'event' && raw.sub === 'data');
  assert.equal(raw.payload.length, payload.length);
});
