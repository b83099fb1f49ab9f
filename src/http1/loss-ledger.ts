// What one direction lost, owed to the next message it produces: skipped bytes, parse errors, lost
// heads, and whether the count of messages may be off (for pairing's re-alignment).

import type { ExchangeIssue } from '../model/exchange.js';

export class LossLedger {
  #discontinuity = false;
  #everParsed = false;
  #skipped = 0;
  /** Bytes were skipped since the last message (kept for pairing even after they are reported). */
  #skippedSinceMessage = false;
  #pending: ExchangeIssue[] = [];

  /** Nothing lost or skipped since the last message. */
  get clean(): boolean {
    return !this.#discontinuity && !this.#skippedSinceMessage;
  }

  /** Nothing ever happened on this direction. */
  get untouched(): boolean {
    return this.clean && !this.#everParsed && this.#skipped === 0;
  }

  /** Bytes may be missing here (gap, parse error, idle cut). */
  discontinuity(): void {
    this.#discontinuity = true;
  }

  skipped(count: number): void {
    if (count <= 0) return;
    this.#skipped += count;
    this.#skippedSinceMessage = true;
  }

  /** One issue per code until a message takes them. */
  owe(issue: ExchangeIssue): void {
    if (!this.#pending.some((i) => i.code === issue.code)) this.#pending.push(issue);
  }

  /** Everything owed, for an exchange that has no message of this direction; reported once. */
  takeOwed(side: ExchangeIssue['side']): ExchangeIssue[] {
    const out: ExchangeIssue[] = this.#pending.map((i) => ({ ...i, side }));
    this.#pending = [];
    const skipped = this.#skippedIssue(side, 'that began no message');
    if (skipped) out.push(skipped);
    return out;
  }

  /** A message of this direction was parsed: it carries what is owed. */
  lead(kind: 'request' | 'response'): { issues: ExchangeIssue[]; afterDiscontinuity: boolean } {
    const issues: ExchangeIssue[] = this.#pending.map((i) => ({ ...i, side: kind }));
    this.#pending = [];
    const skipped = this.#skippedIssue(kind, 'before this message');
    if (skipped) issues.push(skipped);
    const afterDiscontinuity = !this.clean;
    this.#discontinuity = false;
    this.#skippedSinceMessage = false;
    this.#everParsed = true;
    return { issues, afterDiscontinuity };
  }

  #skippedIssue(side: ExchangeIssue['side'], where: string): ExchangeIssue | undefined {
    if (this.#skipped === 0) return undefined;
    const code = this.#everParsed || this.#discontinuity ? 'resync' : 'mid-stream-start';
    const issue: ExchangeIssue = { code, side, detail: `skipped ${this.#skipped} bytes ${where}` };
    this.#skipped = 0;
    return issue;
  }
}
