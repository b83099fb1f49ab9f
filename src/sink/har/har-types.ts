// HAR 1.2 shapes as this package writes them (http://www.softwareishard.com/blog/har-12-spec/),
// plus the underscore-prefixed custom fields HAR allows. Field names follow Chrome DevTools
// (`_error`) and HTTP Toolkit (`_requestBodyStatus`, `_content`) where they already exist.

import type { IssueCode } from '../../model/exchange.js';

export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

export interface HarCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  /** ISO 8601; left out when the Set-Cookie `Expires` could not be parsed. */
  expires?: string;
  httpOnly?: boolean;
  secure?: boolean;
  /** Chrome DevTools' name for the SameSite attribute. */
  sameSite?: string;
  comment?: string;
}

export interface HarParam {
  name: string;
  value?: string;
  fileName?: string;
  contentType?: string;
  comment?: string;
}

export interface HarPostData {
  mimeType: string;
  text: string;
  params?: HarParam[];
  comment?: string;
}

/**
 * Why an exported body differs from the captured one: the model's own statuses, or that this
 * export left it out (`discarded:too-large`, over `maxBodyBytes`).
 */
export type HarBodyStatus = 'truncated' | 'capped' | 'undecodable' | 'discarded:too-large';

/** HTTP Toolkit's request-body flags: why `postData.text` is not the body. */
export type HarRequestBodyStatus = 'discarded:too-large' | 'discarded:not-representable';

/** The exact request bytes when they are not valid UTF-8 (HTTP Toolkit's `_content`). */
export interface HarRequestContent {
  text: string;
  encoding: 'base64';
  size: number;
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  postData?: HarPostData;
  headersSize: number;
  bodySize: number;
  comment?: string;
  _pseudoHeaders?: HarNameValue[];
  _trailers?: HarNameValue[];
  _bodyStatus?: HarBodyStatus;
  _requestBodyStatus?: HarRequestBodyStatus;
  _content?: HarRequestContent;
}

export interface HarContent {
  size: number;
  compression?: number;
  mimeType: string;
  text?: string;
  encoding?: 'base64';
  comment?: string;
}

export interface HarInterimResponse {
  status: number;
  statusText: string;
  headers: HarNameValue[];
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  comment?: string;
  _pseudoHeaders?: HarNameValue[];
  _trailers?: HarNameValue[];
  _interim?: HarInterimResponse[];
  _bodyStatus?: HarBodyStatus;
}

export interface HarTimings {
  blocked: -1;
  dns: -1;
  connect: -1;
  ssl: -1;
  send: number;
  wait: number;
  receive: number;
}

export interface HarIssue {
  code: IssueCode;
  side?: 'request' | 'response' | 'connection';
  detail?: string;
}

export interface HarEndpoint {
  ip: string;
  port: number;
}

/** Which process and connection the exchange came from. */
export interface HarEcaptureInfo {
  exchangeId: string;
  connectionId: string;
  pid: number;
  tid?: number;
  comm: string;
  fd?: number;
  client?: HarEndpoint;
  server?: HarEndpoint;
  dialect: string;
  streamId?: number;
  hooked: 'client' | 'server' | 'unknown';
  headersRerendered: boolean;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, never>;
  timings: HarTimings;
  serverIPAddress?: string;
  connection?: string;
  comment?: string;
  /** The issue code that explains a missing response (status 0), Chrome's `_error` field. */
  _error?: string;
  _issues: HarIssue[];
  _ecapture: HarEcaptureInfo;
  /** What redaction removed, e.g. `request.header:authorization`; absent when nothing was. */
  _redacted?: string[];
}

export interface HarCreator {
  name: string;
  version: string;
  comment?: string;
}

export interface HarLog {
  version: '1.2';
  creator: HarCreator;
  pages?: never[];
  entries: HarEntry[];
  comment?: string;
  _skippedExchanges?: number;
}

export interface Har {
  log: HarLog;
}
