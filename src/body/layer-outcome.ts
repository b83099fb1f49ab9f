// What undoing one content coding gave.

export type LayerOutcome =
  /** The coded stream ended properly; `output` is all of it. */
  | { kind: 'complete'; output: Uint8Array }
  /** The input ran out before the coded stream ended; `output` is what it gave up to there. */
  | { kind: 'ended-early'; output: Uint8Array; detail: string }
  /** Output reached the cap and decoding stopped; `output` is exactly the cap's worth. */
  | { kind: 'capped'; output: Uint8Array }
  /** The input is not a valid stream of this coding, or a limit refused it before decoding. */
  | { kind: 'corrupt'; detail: string };
