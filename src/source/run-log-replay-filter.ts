// eCapture replays its buffered run-log lines (the first ≤ 129 it ever logged) to every client on
// connect, before `heartbeat:0` (protocol reference §1, §3.6). After a reconnect those lines are
// not news: drop the ones an earlier connection of the same source already delivered.
//
// Only the replay phase of a connection is filtered: it ends at the connection's first heartbeat,
// after 129 run logs, or REPLAY_PHASE_MS after connecting (v1.4.3 sends no heartbeat on connect).
// Live run logs (broadcast after the buffer filled) are never replayed, so they always pass.

import type { DecodedRecord } from '../decode/records.js';

/** LogBuffLen (128) + the line that fills it: the most eCapture ever replays. */
const REPLAY_LINES_MAX = 129;
const REPLAY_PHASE_MS = 10_000;
/** Texts remembered across connections; eCapture replays at most 129, so this is generous. */
const REMEMBERED_TEXTS_MAX = 1024;

type ReplayPhase = 'before-first-connection' | 'replaying' | 'live';

export class RunLogReplayFilter {
  #phase: ReplayPhase = 'before-first-connection';
  #connections = 0;
  #phaseStartedAt = 0;
  #replayedThisConnection = 0;
  /** Replay texts seen on earlier connections (insertion-ordered, oldest evicted first). */
  #earlier = new Set<string>();
  #current: string[] = [];

  /** A new connection was opened at `nowMs`. */
  startConnection(nowMs: number): void {
    for (const text of this.#current) this.#remember(text);
    this.#current = [];
    this.#connections++;
    this.#phase = 'replaying';
    this.#phaseStartedAt = nowMs;
    this.#replayedThisConnection = 0;
  }

  /** True when `record` is a run log an earlier connection already delivered: drop it. */
  isRepeat(record: DecodedRecord, nowMs: number): boolean {
    if (this.#phase !== 'replaying') return false;
    if (nowMs - this.#phaseStartedAt > REPLAY_PHASE_MS) {
      this.#phase = 'live';
      return false;
    }
    if (record.kind === 'heartbeat') {
      this.#phase = 'live';
      return false;
    }
    if (record.kind !== 'runLog') return false;
    this.#replayedThisConnection++;
    if (this.#replayedThisConnection >= REPLAY_LINES_MAX) this.#phase = 'live';
    this.#current.push(record.text);
    return this.#connections > 1 && this.#earlier.has(record.text);
  }

  #remember(text: string): void {
    this.#earlier.delete(text);
    this.#earlier.add(text);
    if (this.#earlier.size > REMEMBERED_TEXTS_MAX) {
      const oldest = this.#earlier.values().next().value;
      if (oldest !== undefined) this.#earlier.delete(oldest);
    }
  }
}
