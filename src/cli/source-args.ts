// Options every command that reads a source shares, and their translation to library options.

import type { ConnectOptions } from '../api/connect.js';
import { CliUsageError } from './cli-error.js';

export const SOURCE_OPTIONS = {
  'no-reconnect': { type: 'boolean' },
  dialect: { type: 'string' },
  origin: { type: 'string' },
  'utc-offset': { type: 'string' },
  'max-body': { type: 'string' },
  'idle-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const SOURCE_HELP = `Source: a ws:// or wss:// URL (eCapture started with --ecaptureq) or a recording (.ldpb).
Source options:
  --no-reconnect        with a URL: end when the server closes instead of reconnecting
  --dialect v1|v2|raw   override the per-message dialect detection for the whole source
  --origin URL          Origin header sent to eCapture (default http://localhost/)
  --utc-offset MINUTES  eCapture v2 prints local time without a zone: its offset east of UTC
                        (default: this machine's zone)
  --max-body BYTES      keep at most this many body bytes per side (default 16 MiB)
  --idle-timeout MS     complete exchanges idle this long, flagged (default 30000)`;

export interface SourceValues {
  'no-reconnect'?: boolean;
  dialect?: string;
  origin?: string;
  'utc-offset'?: string;
  'max-body'?: string;
  'idle-timeout'?: string;
}

export function sourceOptions(values: SourceValues, signal: AbortSignal): ConnectOptions {
  const options: ConnectOptions = { signal };
  if (values['no-reconnect']) options.noReconnect = true;
  if (values.origin) options.origin = values.origin;
  if (values.dialect !== undefined) {
    if (values.dialect !== 'v1' && values.dialect !== 'v2' && values.dialect !== 'raw') throw new CliUsageError(`--dialect must be v1, v2 or raw, not '${values.dialect}'`);
    options.dialect = values.dialect;
    options.decode = { dialect: values.dialect };
  }
  if (values['utc-offset'] !== undefined) {
    const offset = integer('--utc-offset', values['utc-offset'], -24 * 60, 24 * 60);
    options.v2UtcOffsetMinutes = offset;
    options.decode = { ...options.decode, v2UtcOffsetMinutes: offset };
  }
  if (values['max-body'] !== undefined) {
    const max = integer('--max-body', values['max-body'], 0, 2 ** 31);
    options.http1 = { maxBodyBytes: max };
    options.http2 = { maxBodyBytes: max };
    options.v1 = { maxBodyBytes: max };
    options.bodyLimits = { maxDecodedBytes: max };
  }
  if (values['idle-timeout'] !== undefined) {
    const ms = integer('--idle-timeout', values['idle-timeout'], 1, 24 * 3600 * 1000);
    options.http1 = { ...options.http1, idleTimeoutMs: ms };
    options.http2 = { ...options.http2, idleTimeoutMs: ms };
  }
  return options;
}

export function integer(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliUsageError(`${name} must be an integer from ${min} to ${max}, not '${text}'`);
  return n;
}

export function oneSource(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new CliUsageError(`${command} takes one source (a ws:// URL or a recording path); see 'ecapture-http ${command} --help'`);
  return positionals[0]!;
}
