// The tap: real Node HTTP traffic on loopback, recorded at the socket level and rendered as the
// eCapture events (`raw`, `v2`) a hooked client or server would have produced. See README.md.

export { runTap, TapScenarioError } from './run-tap.js';
export type { Http1Scenario, Http1ServerHandler, Http2Scenario, Http2ServerHandler, TapCapture, TapScenario } from './run-tap.js';
export type { RawConnection, TapClient, TapRequest, TapResponse } from './create-client.js';
export { pairsFromRaw } from './collect-truth.js';
export type { HeaderPairs, TruthExchange, TruthRequest, TruthResponse } from './collect-truth.js';
export { MAX_CALL_BYTES, planCalls, sideTuple, splitIntoCalls } from './plan-calls.js';
export type { TapRecording } from './plan-calls.js';
export { formatV2Time, rawEventType, rawUuid, renderCall, renderCalls, renderCallsLazily, v2Text } from './write-events.js';
export { encodeVarint, frameDelimited, splitDelimited, writeDelimitedFile } from './frame-delimited.js';
export {
  FIXTURE_V2_EPOCH_MS,
  fixtureCalls,
  fixtureConnectionKey,
  inferFixtureProtocols,
  parseChunksJsonl,
  parseTupleText,
} from './read-fixture-chunks.js';
export type { FixtureCallOptions, FixtureChunk, FixtureCloseChunk, FixtureDataChunk } from './read-fixture-chunks.js';
export { copyClientIp, MAX_COPIES, replicateChunks } from './replicate-chunks.js';
export type { ReplicateOptions } from './replicate-chunks.js';
export { startRelay } from './start-relay.js';
export type { Relay } from './start-relay.js';
export { sleep, TapTimeoutError, withTimeout } from './with-timeout.js';
export type {
  CaptureOptions,
  CaptureSide,
  CapturedCall,
  EventDialect,
  EventOptions,
  Peer,
  ProcessIdentity,
  TapChunk,
  TapConnection,
  TapProtocol,
} from './types.js';
export { joinData, readEvents } from './read-events.js';
export type { ReadConnect, ReadData, ReadEvent } from './read-events.js';
