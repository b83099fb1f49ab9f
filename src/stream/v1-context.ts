// What the v1 HTTP/1 pairing and HTTP/2 stream table share: the connection, its options, its
// role (which direction carries the client's bytes), exchange numbering and the emit callback.

import type { Direction } from '../decode/records.js';
import type { ConnectionInfo, Exchange, ExchangeIssue } from '../model/exchange.js';
import { addIssue } from '../model/exchange.js';
import type { V1Options } from './v1-options.js';

export class V1Context {
  readonly info: ConnectionInfo;
  readonly options: V1Options;
  readonly #emit: (x: Exchange) => void;
  #clientDirection: Direction | undefined;
  #roleAssumed = false;
  #emitted = 0;
  /** Issues every later exchange of the connection carries (role conflicts, assumptions). */
  readonly connectionIssues: ExchangeIssue[] = [];

  constructor(info: ConnectionInfo, options: V1Options, emit: (x: Exchange) => void) {
    this.info = info;
    this.options = options;
    this.#emit = emit;
  }

  get clientDirection(): Direction | undefined {
    return this.#clientDirection;
  }

  /** Record which direction sent a request (`isClient`) or a response; the first decision sticks. */
  learnRole(direction: Direction, isClient: boolean, assumed = false): void {
    const client: Direction = isClient ? direction : direction === 'write' ? 'read' : 'write';
    if (this.#clientDirection === undefined) {
      this.#clientDirection = client;
      this.#roleAssumed = assumed;
      this.info.hooked = client === 'write' ? 'client' : 'server';
      if (assumed) {
        addIssue(this.connectionIssues, {
          code: 'ambiguous-connection',
          side: 'connection',
          detail: `no request seen: assumed the ${client} direction carries requests`,
        });
      }
    } else if (this.#clientDirection !== client && !assumed && !this.#roleAssumed) {
      addIssue(this.connectionIssues, {
        code: 'ambiguous-connection',
        side: 'connection',
        detail: 'requests seen in both directions',
      });
    }
  }

  /** Which side a direction's bytes belong to, once the role is known. */
  sideOf(direction: Direction): 'request' | 'response' | undefined {
    if (this.#clientDirection === undefined) return undefined;
    return direction === this.#clientDirection ? 'request' : 'response';
  }

  nextId(): string {
    return `${this.info.id}#${this.#emitted++}`;
  }

  emit(x: Exchange): void {
    for (const issue of this.connectionIssues) addIssue(x.issues, issue);
    this.#emit(x);
  }
}
