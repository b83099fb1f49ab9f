// Settles each connection's dialect (protocol reference §2.4): one message alone may not tell
// v1 from raw; the connection's first decisive sign sticks, later contrary signs are flagged, not
// obeyed (a raw client that writes the same POST head twice must not lose its second request to
// the v1 duplicate-head rule). A manual override wins over everything.

import type { DataEvent } from '../decode/records.js';

export type SettledDialect = 'v1' | 'v2' | 'raw';

export interface Verdict {
  dialect?: SettledDialect;
  conflict?: string;
}

export class DialectSettler {
  #override: SettledDialect | undefined;
  #byConnection = new WeakMap<object, SettledDialect>();
  /** How many connections settled on each, as the fallback for ones that never show a sign. */
  #votes = { v1: 0, raw: 0 };

  constructor(override?: SettledDialect) {
    this.#override = override;
  }

  observe(connection: object, ev: DataEvent): Verdict {
    if (this.#override) return { dialect: this.#override };
    if (ev.dialect === 'v2') return { dialect: 'v2' };
    const settled = this.#byConnection.get(connection);
    const sign = decisiveSign(ev);
    if (settled) {
      if (sign && sign !== settled) return { dialect: settled, conflict: `${sign} sign on a ${settled} connection (type ${ev.type})` };
      return { dialect: settled };
    }
    if (sign) {
      this.settle(connection, sign);
      return { dialect: sign };
    }
    return {};
  }

  settle(connection: object, dialect: SettledDialect): void {
    if (this.#byConnection.has(connection)) return;
    this.#byConnection.set(connection, dialect);
    if (dialect === 'v1' || dialect === 'raw') this.#votes[dialect]++;
  }

  forget(connection: object): void {
    this.#byConnection.delete(connection);
  }

  /**
   * For a connection that never showed a sign: both readings agree on messages complete by their
   * own framing, so follow the source's other connections; with none, v1 (eCapture 1.5 is the
   * only real producer of uuid-bearing events).
   */
  fallback(): SettledDialect {
    if (this.#override) return this.#override;
    return this.#votes.raw > this.#votes.v1 ? 'raw' : 'v1';
  }
}

function decisiveSign(ev: DataEvent): 'v1' | 'raw' | undefined {
  if (ev.dialect === 'v1' || ev.dialect === 'raw') return ev.dialect;
  // The `sock:` untracked uuid form and the processor-test form are written by eCapture v1 only;
  // raw producers use the tracked form (a) with a placeholder tuple.
  if (ev.uuid.form === 'untracked' || ev.uuid.form === 'no-tuple') return 'v1';
  return undefined;
}
