// What the frame reader gives out: whole frames (header blocks already gathered from their
// CONTINUATION frames, padding and priority fields removed), DATA as payload fragments (so a big
// frame never has to be held whole), and the reader's own losses and recoveries.

export interface PriorityFields {
  exclusive: boolean;
  dependency: number;
  weight: number;
}

/** Why the reader stopped trusting its position. */
export type LostReason =
  | 'mid-stream-start' // the first bytes of the direction are not at a frame start
  | 'gap' // bytes may be missing (a `gap` record)
  | 'desync' // a frame header no real peer sends: the reader is out of step
  | 'cut'; // the previous event was cut at 16 KiB and the next one starts with frames

export type FrameErrorCode =
  | 'continuation-expected' // a header block was interrupted by another frame
  | 'unexpected-continuation' // CONTINUATION with no open header block
  | 'bad-padding' // pad length not smaller than the payload
  | 'header-block-too-large' // over maxPendingBytes: the rest of the block was skipped
  | 'frame-too-large-to-keep' // a control frame over maxPendingBytes, skipped
  | 'frame-over-max-size'; // longer than SETTINGS_MAX_FRAME_SIZE (flag only, the frame is used)

export type FrameEvent =
  /** The client connection preface; `restart` when it appeared after other bytes (a new connection). */
  | { kind: 'preface'; restart: boolean }
  | {
      kind: 'data';
      streamId: number;
      /** Payload bytes of this fragment, padding removed (may be empty). */
      bytes: Uint8Array;
      /** The first / last fragment of the frame. */
      first: boolean;
      last: boolean;
      /** Only on the last fragment. */
      endStream: boolean;
    }
  | {
      kind: 'headers';
      streamId: number;
      /** The gathered header block (padding and priority removed). */
      block: Uint8Array;
      endStream: boolean;
      /** false when part of the block is missing (interrupted, too large, bad padding). */
      complete: boolean;
      priority?: PriorityFields;
    }
  | { kind: 'push-promise'; streamId: number; promisedStreamId: number; block: Uint8Array; complete: boolean }
  | { kind: 'priority'; streamId: number; priority: PriorityFields }
  | { kind: 'rst-stream'; streamId: number; errorCode: number }
  | { kind: 'settings'; ack: boolean; settings: Array<[id: number, value: number]> }
  | { kind: 'ping'; ack: boolean }
  | { kind: 'goaway'; lastStreamId: number; errorCode: number; debugData: Uint8Array }
  | { kind: 'window-update'; streamId: number; increment: number }
  | { kind: 'unknown-frame'; type: number; flags: number; streamId: number; length: number }
  /** The reader lost its position; frames resume after a `resync`. */
  | { kind: 'lost'; reason: LostReason; detail?: string }
  /** Position found again after `skipped` bytes that could not be read as frames. */
  | { kind: 'resync'; skipped: number; via: 'event-start' | 'frame-chain' | 'chain-at-chunk-end' | 'preface' }
  /** A frame other than a header block was cut short by a loss. */
  | { kind: 'interrupted'; type: number; streamId: number; received: number; length: number }
  | { kind: 'frame-error'; code: FrameErrorCode; type: number; streamId: number; detail: string };
