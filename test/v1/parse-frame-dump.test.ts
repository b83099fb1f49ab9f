import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseV1FrameDump, type V1DataFrame, type V1HeadersFrame } from '../../src/http2/v1-parse-frame-dump.js';
import {
  bytes,
  continuationNoticeEntry,
  dataEntry,
  gzipNoticeEntry,
  headersEntry,
  hpackLostEntry,
  mergedSection,
  otherEntry,
  text,
  utf8,
} from './render-v1.js';

test('a request window: SETTINGS, WINDOW_UPDATE, HEADERS with fields, SETTINGS', () => {
  const payload = bytes(
    otherEntry('SETTINGS', 0),
    otherEntry('WINDOW_UPDATE', 0),
    headersEntry(1, 36, [
      [':method', 'GET'],
      [':path', '/json'],
      [':scheme', 'http'],
      [':authority', '127.0.0.1:28112'],
      ['user-agent', 'curl/7.88.1'],
    ]),
    otherEntry('SETTINGS', 0),
  );
  const dump = parseV1FrameDump(payload);
  assert.deepEqual(dump.problems, []);
  assert.deepEqual(
    dump.frames.map((f) => f.kind === 'other' ? f.type : f.kind),
    ['SETTINGS', 'WINDOW_UPDATE', 'headers', 'SETTINGS'],
  );
  const h = dump.frames[2] as V1HeadersFrame;
  assert.equal(h.streamId, 1);
  assert.equal(h.length, 36);
  assert.deepEqual(h.fields.map((f) => [f.name, f.value]), [
    [':method', 'GET'],
    [':path', '/json'],
    [':scheme', 'http'],
    [':authority', '127.0.0.1:28112'],
    ['user-agent', 'curl/7.88.1'],
  ]);
  assert.equal(h.notice, undefined);
});

test('field values with Go %q escapes and the sensitive suffix', () => {
  const raw = `\nFrame Type\t=>\tHEADERS\nFrame StreamID\t=>\t3\nFrame Length\t=>\t20\n` +
    `header field "x-q" = "a\\"b\\\\c\\td\\x00\\xff"\n` +
    `header field "cookie" = "s=1" (sensitive)\n` +
    `header field "x-u" = "\\u2028"\n`;
  const dump = parseV1FrameDump(bytes(raw));
  assert.deepEqual(dump.problems, []);
  const h = dump.frames[0] as V1HeadersFrame;
  assert.deepEqual(h.fields, [
    { name: 'x-q', value: 'a"b\\c\td\x00\xff', sensitive: false },
    { name: 'cookie', value: 's=1', sensitive: true },
    { name: 'x-u', value: '\xe2\x80\xa8', sensitive: false },
  ]);
});

test('DATA holding newlines, NULs and the marker texts is taken by its length, not split', () => {
  const tricky = bytes(
    'line1\n\nFrame Type\t=>\tDATA\nFrame StreamID\t=>\t9\nFrame Length\t=>\t3\nabc\n',
    new Uint8Array([0, 1, 2, 0x0a]),
    '\nMerged Data Frame, StreamID\t=>\t1\n',
  );
  const payload = bytes(dataEntry(1, tricky), headersEntry(3, 5, [[':status', '200']]));
  const dump = parseV1FrameDump(payload);
  assert.deepEqual(dump.problems, []);
  assert.equal(dump.frames.length, 2);
  const d = dump.frames[0] as V1DataFrame;
  assert.deepEqual(Buffer.from(d.data!), Buffer.from(tricky));
  assert.equal(d.padded, false);
  assert.equal((dump.frames[1] as V1HeadersFrame).streamId, 3);
});

test('a padded DATA frame (Length 10, 6 bytes printed) is found downwards and flagged ambiguous', () => {
  const payload = bytes(dataEntry(1, 'abcdef', 10), otherEntry('WINDOW_UPDATE', 0));
  const dump = parseV1FrameDump(payload);
  const d = dump.frames[0] as V1DataFrame;
  assert.equal(text(d.data), 'abcdef');
  assert.equal(d.padded, true);
  assert.equal(d.paddingAmbiguous, true);
  assert.equal(d.length, 10);
  assert.deepEqual(dump.problems.map((p) => p.code), ['padding-ambiguous']);
  assert.equal(dump.frames[1]!.kind, 'other');
});

test('gzip notice, then a merged section whose body holds marker text; Final Length is exact', () => {
  const body = '\nFrame Type\t=>\tDATA\nFrame StreamID\t=>\t1\n…plain text\n';
  const payload = bytes(
    headersEntry(1, 72, [[':status', '200'], ['content-encoding', 'gzip']]),
    gzipNoticeEntry(1, 100),
    gzipNoticeEntry(1, 68),
    mergedSection(1, utf8(body)),
  );
  const dump = parseV1FrameDump(payload);
  assert.deepEqual(dump.problems, []);
  const data = dump.frames.filter((f): f is V1DataFrame => f.kind === 'data');
  assert.equal(data.length, 2);
  assert.ok(data.every((d) => d.gzipNotice && d.data === undefined));
  assert.equal(dump.merged.length, 1);
  assert.equal(dump.merged[0]!.streamId, 1);
  assert.equal(dump.merged[0]!.complete, true);
  assert.equal(Buffer.from(dump.merged[0]!.body).toString('utf8'), body);
});

test('two merged sections in Go map order', () => {
  const payload = bytes(mergedSection(3, 'three'), mergedSection(1, 'one\n'));
  const dump = parseV1FrameDump(payload);
  assert.deepEqual(dump.problems, []);
  assert.deepEqual(dump.merged.map((m) => [m.streamId, text(m.body)]), [[3, 'three'], [1, 'one\n']]);
});

test('a merged section cut short is kept and flagged', () => {
  const full = mergedSection(1, 'abcdefghij');
  const dump = parseV1FrameDump(full.subarray(0, full.length - 5));
  assert.equal(dump.merged[0]!.complete, false);
  assert.equal(text(dump.merged[0]!.body), 'abcdef');
  assert.deepEqual(dump.problems.map((p) => p.code), ['merged-truncated']);
});

test('notices: Incorrect HPACK context (labelled or bare) and CONTINUATION', () => {
  const bare = '\nFrame Type\t=>\tHEADERS\nFrame StreamID\t=>\t7\nFrame Length\t=>\t18\nIncorrect HPACK context, Please use PCAP mode to get correct header fields ...\n';
  const payload = bytes(hpackLostEntry(5, 40, 'response'), bare, continuationNoticeEntry(9, 16384, 'request'), otherEntry('CONTINUATION', 9));
  const dump = parseV1FrameDump(payload);
  assert.deepEqual(dump.problems, []);
  const hs = dump.frames.filter((f): f is V1HeadersFrame => f.kind === 'headers');
  assert.deepEqual(hs.map((h) => [h.streamId, h.notice, h.fields.length]), [
    [5, 'hpack-context-lost', 0],
    [7, 'hpack-context-lost', 0],
    [9, 'continuation-unsupported', 0],
  ]);
  assert.equal(dump.frames[3]!.kind, 'other');
});

test('other frame types, including unknown ones, have no Length line', () => {
  const payload = bytes(otherEntry('RST_STREAM', 3), otherEntry('UNKNOWN_FRAME_TYPE_12', 0), otherEntry('GOAWAY', 0));
  const dump = parseV1FrameDump(payload);
  assert.deepEqual(dump.problems, []);
  assert.deepEqual(dump.frames.map((f) => (f.kind === 'other' ? [f.type, f.streamId] : f.kind)), [
    ['RST_STREAM', 3],
    ['UNKNOWN_FRAME_TYPE_12', 0],
    ['GOAWAY', 0],
  ]);
});

test('the gzip notice is only DATA text when the stream is not gzip in this dump', () => {
  // Without a gzip HEADERS in the window, a DATA whose bytes are exactly the notice stays DATA.
  const notice = 'Partial entity body with gzip encoding ... \n';
  const payload = bytes(dataEntry(1, notice.slice(0, -1), notice.length - 1));
  const dump = parseV1FrameDump(payload);
  const d = dump.frames[0] as V1DataFrame;
  assert.equal(d.gzipNotice, false);
  assert.equal(text(d.data), notice.slice(0, -1));
});

test('garbage is skipped to the next entry and reported', () => {
  const payload = bytes('garbage\n', headersEntry(1, 5, [[':status', '204']]), 'stray', otherEntry('PING', 0));
  const dump = parseV1FrameDump(payload);
  assert.deepEqual(dump.frames.map((f) => f.kind), ['headers', 'other']);
  assert.deepEqual(dump.problems.map((p) => p.code), ['unexpected-bytes', 'bad-header-line']);
});

test('a DATA entry whose length fits nothing loses its bytes, is reported, and parsing goes on', () => {
  const payload = bytes('\nFrame Type\t=>\tDATA\nFrame StreamID\t=>\t1\nFrame Length\t=>\t900\nshort\n', otherEntry('PING', 0));
  const dump = parseV1FrameDump(payload);
  assert.equal((dump.frames[0] as V1DataFrame).data, undefined);
  assert.equal(dump.frames[1]!.kind, 'other');
  assert.deepEqual(dump.problems.map((p) => [p.code, p.streamId]), [['data-unmatched', 1]]);
});

test('an empty payload has no frames and no problems; random bytes never throw', () => {
  assert.deepEqual(parseV1FrameDump(new Uint8Array(0)), { frames: [], merged: [], problems: [] });
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      const dump = parseV1FrameDump(bytes('\nFrame Type\t=>\t', b));
      assert.ok(Array.isArray(dump.frames));
    }),
    { numRuns: 200 },
  );
});

const frameArb = fc.oneof(
  fc.record({
    kind: fc.constant('headers' as const),
    id: fc.integer({ min: 1, max: 99 }),
    fields: fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.uint8Array({ maxLength: 12 })), { maxLength: 4 }),
  }),
  // DATA bytes drawn from an alphabet rich in marker characters, so markers appear inside.
  fc.record({
    kind: fc.constant('data' as const),
    id: fc.integer({ min: 1, max: 99 }),
    data: fc.array(fc.constantFrom('\n', '\t', '\0', 'Frame Type\t=>\t', '\nFrame Type\t=>\tDATA\n', 'x', 'Merged Data Frame, StreamID\t=>\t'), { maxLength: 8 }).map((a) => a.join('')),
  }),
  fc.record({ kind: fc.constant('other' as const), id: fc.integer({ min: 0, max: 99 }), type: fc.constantFrom('SETTINGS', 'PING', 'RST_STREAM') }),
);

test('property: a rendered sequence of frames parses back to the same frames', () => {
  fc.assert(
    fc.property(fc.array(frameArb, { maxLength: 8 }), (frames) => {
      const parts = frames.map((f) => {
        if (f.kind === 'headers') return headersEntry(f.id, 10, f.fields.map(([n, v]) => [n, Buffer.from(v).toString('latin1')] as [string, string]));
        if (f.kind === 'data') return dataEntry(f.id, f.data);
        return otherEntry(f.type, f.id);
      });
      const dump = parseV1FrameDump(bytes(...parts));
      assert.deepEqual(dump.problems, []);
      assert.equal(dump.frames.length, frames.length);
      frames.forEach((f, i) => {
        const got = dump.frames[i]!;
        assert.equal(got.kind, f.kind);
        assert.equal(got.streamId, f.id);
        if (f.kind === 'data') assert.equal(text((got as V1DataFrame).data), f.data);
        if (f.kind === 'headers') {
          const expected = f.fields.map(([n, v]) => [Buffer.from(n, 'latin1').toString('latin1'), Buffer.from(v).toString('latin1')]);
          assert.deepEqual((got as V1HeadersFrame).fields.map((x) => [x.name, x.value]), expected);
        }
      });
    }),
    { numRuns: 300 },
  );
});
