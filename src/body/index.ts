// Public API of the body layer: wire-body collection (sync, used while bytes arrive) and
// content decoding with caps (async, a later pipeline stage).

export { WireBodyCollector, WireBodyFinishedError, absentBody, type WireBodyFinishOptions } from './wire-body.js';
export {
  DEFAULT_BODY_LIMITS,
  decodeBody,
  parseContentCodings,
  type BodyLimits,
  type DecodedBodyResult,
} from './decode-body.js';
export {
  parseZstdFrameHeader,
  walkZstdFrames,
  type ZstdFrameHeader,
  type ZstdHeaderResult,
} from './zstd-frame-header.js';
