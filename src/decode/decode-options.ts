/** Options for decodeLogEntry. */
export interface DecodeOptions {
  /**
   * eCapture host's UTC offset for v2 times. Decode keeps v2 times as text (`EventTime` `local`);
   * the stream layer applies the offset. Accepted here so one options object serves both.
   */
  v2UtcOffsetMinutes?: number;
  /** Manual override for the whole source: skip per-message dialect detection (§2.4). */
  dialect?: 'v1' | 'v2' | 'raw';
}
