// One human line per exchange for `read`: method, URL, status, sizes, duration, process, issues.

import type { Exchange } from '../model/exchange.js';

export function formatExchangeLine(x: Exchange): string {
  const method = x.request?.method || '?';
  const url = x.request?.url || (x.request ? '(request headers lost)' : '(request not captured)');
  const status = x.response?.status ? String(x.response.status) : '---';
  const reqSize = x.request ? size(x.request.body.decodedSize ?? x.request.body.wireSize) : '-';
  const resSize = x.response ? size(x.response.body.decodedSize ?? x.response.body.wireSize) : '-';
  const start = x.request?.start ?? x.response?.start;
  const end = x.response?.end ?? x.request?.end;
  const duration = start && end ? `${Math.max(0, end.ms - start.ms).toFixed(0)}ms` : '-';
  const proc = `${x.connection.comm}[${x.connection.pid}]`;
  const proto = x.protocol === 'HTTP/2' ? `h2#${x.streamId ?? '?'}` : x.protocol.replace('HTTP/', 'h');
  const codes = [...new Set(x.issues.map((i) => i.code))];
  const issues = codes.length > 0 ? `  !${codes.join(',')}` : '';
  return `${method} ${url} ${status} ${proto} req=${reqSize} res=${resSize} ${duration} ${proc}${issues}`;
}

function size(n: number): string {
  if (n < 1024) return `${n}B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)}KiB`;
  return `${(n / 1024 / 1024).toFixed(1)}MiB`;
}
