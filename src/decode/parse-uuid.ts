// Parses the Event.uuid forms of protocol reference §3.4. The comm may contain `_`, spaces or `/`,
// so the fixed parts are taken from the left (`<pid>_<tid>_`) and from the right (`_<sock>`,
// tuple, `_<datatype>`, `_<fd>`); whatever remains is the comm.

import type { Direction, ParsedUuid, Tuple } from './records.js';
import { UUID_TUPLE_SUFFIX, isPlaceholderTuple, parseEndpoint } from './parse-tuple.js';

const SOCK_PREFIX = 'sock:';
const PID_TID_PREFIX = /^(\d+)_(\d+)_/;
const FD_DATATYPE_SUFFIX = /_(\d+)_([01])$/;
const SOCK_SUFFIX = /_(\d+)$/;

// (c)–(e): the raw 16-byte comm array printed with %s, NUL padding included. Exact width first,
// then a loose fallback for comms whose bytes were not valid UTF-8 (their width in characters
// differs after lenient decoding).
// The array is the name and then NUL padding, so it always ends in NUL (TASK_COMM_LEN 16 ≥ name + 1).
const COMM16 = String.raw`([^]{15}\0)`;
const LOOSE_COMM = String.raw`([^]*\0)`;
const FORM_C = (comm: string) => new RegExp(String.raw`^(\d+)_(\d+)_${comm}_([01])$`);
const FORM_D = (comm: string) => new RegExp(String.raw`^(\d+)_(\d+)_${comm}$`);
const FORM_E = (comm: string) => new RegExp(String.raw`^(\d+)_${comm}$`);
type NulForm = 'comm16-datatype' | 'comm16' | 'pid-comm16';
// Every exact-width form before any loose one: a loose (d) would swallow an (e) whose comm starts with digits.
const NUL_FORMS: Array<[NulForm, RegExp]> = [
  ['comm16-datatype', FORM_C(COMM16)],
  ['comm16', FORM_D(COMM16)],
  ['pid-comm16', FORM_E(COMM16)],
  ['comm16-datatype', FORM_C(LOOSE_COMM)],
  ['comm16', FORM_D(LOOSE_COMM)],
  ['pid-comm16', FORM_E(LOOSE_COMM)],
];

function directionOf(datatype: string): Direction {
  return datatype === '1' ? 'write' : 'read';
}

function stripNul(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '') : text;
}

function toInt(text: string): number {
  return Number(text);
}

function parseNulUuid(uuid: string): ParsedUuid {
  for (const [form, pattern] of NUL_FORMS) {
    const m = pattern.exec(uuid);
    if (!m) continue;
    if (form === 'comm16-datatype') {
      return { form, pid: toInt(m[1]!), tid: toInt(m[2]!), comm: stripNul(m[3]!), direction: directionOf(m[4]!) };
    }
    if (form === 'comm16') return { form, pid: toInt(m[1]!), tid: toInt(m[2]!), comm: stripNul(m[3]!) };
    return { form, pid: toInt(m[1]!), comm: stripNul(m[2]!) };
  }
  return { form: 'unparsed' };
}

function parseTuple(client: string, server: string): Tuple | undefined {
  const a = parseEndpoint(client);
  const b = parseEndpoint(server);
  return a && b ? { client: a, server: b } : undefined;
}

/** Parses one uuid string; never throws. Unknown shapes give `form: 'unparsed'` (pid/tid when found). */
export function parseUuid(uuid: string): ParsedUuid {
  if (uuid === '') return { form: 'none' };
  if (uuid.includes('\0')) return parseNulUuid(uuid);

  const prefixed = uuid.startsWith(SOCK_PREFIX);
  let rest = prefixed ? uuid.slice(SOCK_PREFIX.length) : uuid;
  const left = PID_TID_PREFIX.exec(rest);
  if (!left) return { form: 'unparsed' };
  const pid = toInt(left[1]!);
  const tid = toInt(left[2]!);
  rest = rest.slice(left[0].length);

  if (prefixed) {
    const sock = SOCK_SUFFIX.exec(rest);
    // `_<sock>` only counts when a tuple precedes it; otherwise the digits are the datatype/fd.
    if (sock && UUID_TUPLE_SUFFIX.test(rest.slice(0, sock.index))) rest = rest.slice(0, sock.index);
  }

  let tuple: Tuple | undefined;
  let hasTuple = false;
  const tupleMatch = UUID_TUPLE_SUFFIX.exec(rest);
  if (tupleMatch) {
    tuple = parseTuple(tupleMatch[1]!, tupleMatch[2]!);
    if (tuple) {
      hasTuple = true;
      rest = rest.slice(0, tupleMatch.index);
      if (isPlaceholderTuple(tuple)) tuple = undefined;
    }
  }

  const fdDatatype = FD_DATATYPE_SUFFIX.exec(rest);
  if (!fdDatatype) return { form: 'unparsed', pid, tid };
  const comm = rest.slice(0, fdDatatype.index);
  const parsed: ParsedUuid = {
    form: prefixed ? 'untracked' : hasTuple ? 'tracked' : 'no-tuple',
    pid,
    tid,
    comm,
    fd: toInt(fdDatatype[1]!),
    direction: directionOf(fdDatatype[2]!),
  };
  if (tuple) parsed.tuple = tuple;
  return parsed;
}
