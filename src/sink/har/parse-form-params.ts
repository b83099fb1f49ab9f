// HAR `postData.params` for form bodies: application/x-www-form-urlencoded and multipart/form-data
// (RFC 7578). Only called with complete bodies that decoded as UTF-8 text.

import { essenceOf } from '../read-headers.js';
import type { HarParam } from './har-types.js';

export function parseFormParams(contentType: string | undefined, text: string): HarParam[] | undefined {
  const essence = essenceOf(contentType);
  if (essence === 'application/x-www-form-urlencoded') {
    return [...new URLSearchParams(text)].map(([name, value]) => ({ name, value }));
  }
  if (essence === 'multipart/form-data') {
    const boundary = boundaryOf(contentType ?? '');
    return boundary === undefined ? undefined : parseMultipart(text, boundary);
  }
  return undefined;
}

function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function parseMultipart(text: string, boundary: string): HarParam[] | undefined {
  const delimiter = `--${boundary}`;
  const chunks = text.split(delimiter);
  // chunks[0] is the preamble; a well-formed body ends with the `--boundary--` close delimiter.
  if (chunks.length < 2) return undefined;
  const params: HarParam[] = [];
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith('--')) break;
    const part = chunk.replace(/^\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) continue;
    const head = part.slice(0, split.index);
    const value = part.slice(split.index + split[0].length).replace(/\r?\n$/, '');
    const param = paramFromHead(head, value);
    if (param) params.push(param);
  }
  return params;
}

function paramFromHead(head: string, value: string): HarParam | undefined {
  let name: string | undefined;
  let fileName: string | undefined;
  let contentType: string | undefined;
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const fieldValue = line.slice(colon + 1).trim();
    if (field === 'content-type') contentType = fieldValue;
    if (field === 'content-disposition') {
      name = dispositionParam(fieldValue, 'name');
      fileName = dispositionParam(fieldValue, 'filename');
    }
  }
  if (name === undefined) return undefined;
  const param: HarParam = { name, value };
  if (fileName !== undefined) param.fileName = fileName;
  if (contentType !== undefined) param.contentType = contentType;
  return param;
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const match = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(disposition);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}
