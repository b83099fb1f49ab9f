// HAR request `postData` and response `content` from the model's bodies.

import type { RequestSide, ResponseSide } from '../../model/exchange.js';
import { contentCodings, firstHeader } from '../read-headers.js';
import { base64Of, encodeBodyForJson, hasBody, selectBody, utf8Text } from '../select-body.js';
import type { HarBodyStatus, HarContent, HarPostData, HarRequestBodyStatus, HarRequestContent } from './har-types.js';
import { parseFormParams } from './parse-form-params.js';

export interface HarRequestBody {
  postData?: HarPostData;
  bodySize: number;
  bodyStatus?: HarBodyStatus;
  requestBodyStatus?: HarRequestBodyStatus;
  content?: HarRequestContent;
}

export function convertRequestBody(side: RequestSide, maxBodyBytes: number): HarRequestBody {
  if (!hasBody(side.body)) return { bodySize: 0 };
  const selected = selectBody(side.body, maxBodyBytes, contentCodings(side.headers));
  const mimeType = firstHeader(side.headers, 'content-type') ?? '';
  const result: HarRequestBody = { bodySize: selected.wireSize ?? -1, bodyStatus: selected.status };
  const postData: HarPostData = { mimeType, text: '' };
  result.postData = postData;

  if (selected.status === 'discarded:too-large') {
    result.requestBodyStatus = 'discarded:too-large';
  } else {
    const bytes = selected.bytes ?? new Uint8Array(0);
    // HAR postData has no encoding field: text that is not UTF-8 goes to HTTP Toolkit's `_content`.
    const text = selected.stillEncoded ? undefined : utf8Text(bytes, selected.partial);
    if (text === undefined) {
      result.requestBodyStatus = 'discarded:not-representable';
      result.content = { text: base64Of(bytes), encoding: 'base64', size: bytes.byteLength };
      selected.notes.push('the body is not valid UTF-8 text: its exact bytes are in request._content (base64)');
    } else {
      postData.text = text;
      const params = selected.partial ? undefined : parseFormParams(mimeType, text);
      if (params) postData.params = params;
    }
  }
  if (selected.notes.length > 0) postData.comment = selected.notes.join('; ');
  return result;
}

export interface HarResponseBody {
  content: HarContent;
  bodySize: number;
  bodyStatus?: HarBodyStatus;
}

export function convertResponseBody(side: ResponseSide, maxBodyBytes: number): HarResponseBody {
  const mimeType = firstHeader(side.headers, 'content-type') ?? '';
  if (!hasBody(side.body)) return { content: { size: 0, mimeType }, bodySize: 0 };
  const selected = selectBody(side.body, maxBodyBytes, contentCodings(side.headers));
  const content: HarContent = { size: selected.contentSize, mimeType };
  if (selected.compression !== undefined) content.compression = selected.compression;
  const bytes = selected.bytes;
  if (bytes !== undefined && bytes.byteLength > 0) {
    if (selected.stillEncoded) {
      content.text = base64Of(bytes);
      content.encoding = 'base64';
    } else {
      const encoded = encodeBodyForJson(bytes, mimeType, selected.partial);
      content.text = encoded.text;
      if (encoded.base64) content.encoding = 'base64';
    }
  } else if (bytes !== undefined) {
    content.text = '';
  }
  if (selected.notes.length > 0) content.comment = selected.notes.join('; ');
  return { content, bodySize: selected.wireSize ?? -1, bodyStatus: selected.status };
}
