// Splits an absolute URL into the parts the sinks report, from the string as captured (no
// normalisation, which would change what was sent), without ever throwing.

export interface UrlParts {
  scheme?: string;
  /** Host name or address, IPv6 without brackets. */
  host?: string;
  /** The explicit port, else the scheme's default (http 80, https 443). */
  port?: number;
  /** Path as sent ('' when the URL has none). */
  path: string;
  /** Query without the leading '?'; undefined when there is no '?'. */
  query?: string;
}

const ABSOLUTE_URL = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/;
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };

export function parseUrl(url: string): UrlParts {
  const match = ABSOLUTE_URL.exec(url);
  if (!match) {
    // Origin-form or garbage: keep what can be said about path and query.
    const hash = url.indexOf('#');
    const beforeHash = hash < 0 ? url : url.slice(0, hash);
    const q = beforeHash.indexOf('?');
    return q < 0 ? { path: beforeHash } : { path: beforeHash.slice(0, q), query: beforeHash.slice(q + 1) };
  }
  const scheme = match[1]!.toLowerCase();
  const authority = match[2]!;
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const { host, port, hadPort } = splitHostPort(hostPort);
  return {
    scheme,
    host: host === '' ? undefined : host,
    port: hadPort ? port : DEFAULT_PORTS[scheme],
    path: match[3]!,
    query: match[4],
  };
}

function splitHostPort(hostPort: string): { host: string; port?: number; hadPort: boolean } {
  let host = hostPort;
  let portText: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close > 0) {
      host = hostPort.slice(1, close);
      if (hostPort[close + 1] === ':') portText = hostPort.slice(close + 2);
    }
  } else {
    const colon = hostPort.lastIndexOf(':');
    if (colon >= 0) {
      host = hostPort.slice(0, colon);
      portText = hostPort.slice(colon + 1);
    }
  }
  const port = portText !== undefined && /^\d{1,5}$/.test(portText) ? Number(portText) : undefined;
  return {
    host: host.toLowerCase(),
    port: port !== undefined && port <= 65535 ? port : undefined,
    hadPort: portText !== undefined && portText !== '',
  };
}

/** The query's name/value pairs, percent- and '+'-decoded like browsers do (never throws). */
export function queryPairs(query: string | undefined): Array<{ name: string; value: string }> {
  if (query === undefined || query === '') return [];
  return [...new URLSearchParams(query)].map(([name, value]) => ({ name, value }));
}
