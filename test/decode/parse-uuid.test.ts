// uuid forms (a)–(f) of protocol reference §3.4.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUuid } from '../../src/decode/parse-uuid.js';

const lo = (a: string, ap: number, b: string, bp: number) => ({ client: { ip: a, port: ap }, server: { ip: b, port: bp } });
const nul = (n: number) => '\0'.repeat(n);

test('(a) tracked: pid_tid_comm_fd_datatype_tuple', () => {
  assert.deepEqual(parseUuid('123557_123557_curl_5_1_172.16.71.129:54870-180.101.49.44:443'), {
    form: 'tracked', pid: 123557, tid: 123557, comm: 'curl', fd: 5, direction: 'write',
    tuple: lo('172.16.71.129', 54870, '180.101.49.44', 443),
  });
  assert.deepEqual(parseUuid('9257_9258_curl_5_0_127.0.0.1:57678-127.0.0.1:28106'), {
    form: 'tracked', pid: 9257, tid: 9258, comm: 'curl', fd: 5, direction: 'read',
    tuple: lo('127.0.0.1', 57678, '127.0.0.1', 28106),
  });
});

test('(a) comm with underscores, digits, spaces and slashes', () => {
  assert.deepEqual(parseUuid('10_11_my_app_2_1_7_0_10.0.0.1:1-10.0.0.2:443'), {
    form: 'tracked', pid: 10, tid: 11, comm: 'my_app_2_1', fd: 7, direction: 'read',
    tuple: lo('10.0.0.1', 1, '10.0.0.2', 443),
  });
  assert.deepEqual(parseUuid('10_11_Web Content_33_1_10.0.0.1:5-10.0.0.2:443').comm, 'Web Content');
  assert.deepEqual(parseUuid('10_11_kworker/u8:2_4_0_10.0.0.1:5-10.0.0.2:443'), {
    form: 'tracked', pid: 10, tid: 11, comm: 'kworker/u8:2', fd: 4, direction: 'read',
    tuple: lo('10.0.0.1', 5, '10.0.0.2', 443),
  });
  assert.deepEqual(parseUuid('10_11__4_0_10.0.0.1:5-10.0.0.2:443').comm, '');
});

test('(a) IPv6 tuples in brackets', () => {
  assert.deepEqual(parseUuid('77_78_curl_6_1_[::1]:40000-[::1]:8443'), {
    form: 'tracked', pid: 77, tid: 78, comm: 'curl', fd: 6, direction: 'write', tuple: lo('::1', 40000, '::1', 8443),
  });
  assert.deepEqual(parseUuid('77_78_curl_6_0_[2001:db8::5]:5000-[::ffff:10.0.0.2]:443').tuple, lo('2001:db8::5', 5000, '::ffff:10.0.0.2', 443));
});

test('(a) placeholder tuple (raw producers without a tuple): no tuple', () => {
  assert.deepEqual(parseUuid('469929_469929_wget_3_1_0.0.0.0:0-0.0.0.0:0'), {
    form: 'tracked', pid: 469929, tid: 469929, comm: 'wget', fd: 3, direction: 'write',
  });
});

test('(b) untracked: sock: prefix, placeholder tuple and _0 suffix', () => {
  assert.deepEqual(parseUuid('sock:9221_9221_node_18_1_0.0.0.0:0-0.0.0.0:0_0'), {
    form: 'untracked', pid: 9221, tid: 9221, comm: 'node', fd: 18, direction: 'write',
  });
  assert.deepEqual(parseUuid('sock:1_2_a_b_0_0_0.0.0.0:0-0.0.0.0:0_0'), {
    form: 'untracked', pid: 1, tid: 2, comm: 'a_b', fd: 0, direction: 'read',
  });
});

test('(c) gnutls / nspr: 16-byte comm with NUL padding, then datatype', () => {
  assert.deepEqual(parseUuid(`1_2_curl${nul(12)}_0`), { form: 'comm16-datatype', pid: 1, tid: 2, comm: 'curl', direction: 'read' });
  assert.deepEqual(parseUuid(`300_301_Socket Thread${nul(3)}_1`), {
    form: 'comm16-datatype', pid: 300, tid: 301, comm: 'Socket Thread', direction: 'write',
  });
  assert.deepEqual(parseUuid(`5_6_a_1${nul(13)}_1`), { form: 'comm16-datatype', pid: 5, tid: 6, comm: 'a_1', direction: 'write' });
});

test('(d) gotls: pid_tid_comm16', () => {
  assert.deepEqual(parseUuid(`42_43_myservice${nul(7)}`), { form: 'comm16', pid: 42, tid: 43, comm: 'myservice' });
});

test('(e) mysqld / postgres: pid_comm16, also when the comm starts with digits and _', () => {
  assert.deepEqual(parseUuid(`900_mysqld${nul(10)}`), { form: 'pid-comm16', pid: 900, comm: 'mysqld' });
  assert.deepEqual(parseUuid(`900_12_x${nul(12)}`), { form: 'pid-comm16', pid: 900, comm: '12_x' });
});

test('NUL forms whose comm was not valid UTF-8 (width differs after lenient decoding)', () => {
  // `café` is 5 UTF-8 bytes + 11 NULs = 16 bytes, but 15 characters once decoded.
  assert.deepEqual(parseUuid(`1_2_café${nul(11)}_1`), { form: 'comm16-datatype', pid: 1, tid: 2, comm: 'café', direction: 'write' });
  assert.deepEqual(parseUuid(`1_2_caf\uFFFD${nul(10)}_1`), { form: 'comm16-datatype', pid: 1, tid: 2, comm: 'caf\uFFFD', direction: 'write' });
  assert.deepEqual(parseUuid(`7_8_café${nul(11)}`), { form: 'comm16', pid: 7, tid: 8, comm: 'café' });
});

test('(f) upstream testdata: pid_tid_comm_fd_datatype', () => {
  assert.deepEqual(parseUuid('469930_469930_wget_3_1'), { form: 'no-tuple', pid: 469930, tid: 469930, comm: 'wget', fd: 3, direction: 'write' });
  assert.deepEqual(parseUuid('1_2_x_y_9_0'), { form: 'no-tuple', pid: 1, tid: 2, comm: 'x_y', fd: 9, direction: 'read' });
});

test('empty (v2) and unparseable uuids', () => {
  assert.deepEqual(parseUuid(''), { form: 'none' });
  assert.deepEqual(parseUuid('hello'), { form: 'unparsed' });
  assert.deepEqual(parseUuid('1_2_curl_5_7'), { form: 'unparsed', pid: 1, tid: 2 });
  assert.deepEqual(parseUuid('sock:'), { form: 'unparsed' });
  assert.deepEqual(parseUuid(`\0\0\0`), { form: 'unparsed' });
});
