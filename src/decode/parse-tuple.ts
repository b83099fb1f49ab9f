// Endpoint and tuple text as eCapture prints them: `a.b.c.d:port` or `[v6]:port`, joined by `-`
// in uuids (protocol reference §3.4) and `[ip]:port->[ip]:port` in v2 connect lines (§2.2).

import type { Endpoint, Tuple } from './records.js';

const IPV4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
const BRACKETED = String.raw`\[[^\]_\s]*\]`;
const PORT = String.raw`\d{1,5}`;
const ENDPOINT = `(?:${IPV4}|${BRACKETED}):${PORT}`;

/** A uuid tuple `ip:port-ip:port` at the very end of a string, preceded by `_`. */
export const UUID_TUPLE_SUFFIX = new RegExp(`_(${ENDPOINT})-(${ENDPOINT})$`);

/** Splits `ip:port` / `[ip]:port` (brackets removed); undefined when it is neither. */
export function parseEndpoint(text: string): Endpoint | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  let ip = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port > 65535) return undefined;
  if (ip.startsWith('[')) {
    if (!ip.endsWith(']')) return undefined;
    ip = ip.slice(1, -1);
  }
  return { ip, port };
}

export function isUnspecifiedIp(ip: string): boolean {
  return ip === '' || ip === '0.0.0.0' || ip === '::' || ip === '::0' || ip === '0:0:0:0:0:0:0:0';
}

/** eCapture's placeholder for "no tuple known": `0.0.0.0:0-0.0.0.0:0` (any unspecified address, port 0). */
export function isPlaceholderTuple(tuple: Tuple): boolean {
  return (
    tuple.client.port === 0 && tuple.server.port === 0 && isUnspecifiedIp(tuple.client.ip) && isUnspecifiedIp(tuple.server.ip)
  );
}
