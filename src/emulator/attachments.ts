import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { badParameter } from './errors';
import { asRecord } from './context';
import type { AttachmentRecord } from './records';

/**
 * A reply's attachments: `attachment_urls` (files Intercom would fetch; the emulator does not)
 * and `attachment_files` (base64 data sent in the request, kept and served by the emulator
 * under `/_emulator/attachments/`). Up to 10 of each, as Intercom's description allows.
 */

export const MAX_ATTACHMENTS = 10;
/** Longer than any URL a client has reason to send; checked before the URL is parsed. */
const MAX_URL_LENGTH = 2048;
const MAX_NAME_LENGTH = 255;
const MAX_CONTENT_TYPE_LENGTH = 127;
/** `type/subtype`, as a Content-Type names a file's type. */
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Types Intercom gives the files it fetches, by extension; anything else is a plain download. */
const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
};

export interface StoredFile {
  readonly id: string;
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

function contentTypeOfName(name: string): string {
  const dot = name.lastIndexOf('.');
  const extension = dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
  return TYPES_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

/** The last segment of the URL's path, decoded where it decodes (`%` alone stays as it is). */
function attachmentName(url: URL): string {
  const segment = url.pathname.slice(url.pathname.lastIndexOf('/') + 1) || 'attachment';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Width and height of a PNG (IHDR) or GIF (logical screen) file; null for anything else. */
export function imageSize(data: Buffer): { width: number; height: number } | null {
  const png = data.length >= 24 && data.readUInt32BE(0) === 0x89504e47;
  if (png) return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  const gif = data.length >= 10 && data.toString('latin1', 0, 4) === 'GIF8';
  if (gif) return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  return null;
}

function listOf(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badParameter(`${field} must be an array`);
  if (value.length > MAX_ATTACHMENTS) {
    throw badParameter(`${field} can include up to ${MAX_ATTACHMENTS} items`);
  }
  return value;
}

/** `attachment_urls`: http(s) URLs; each becomes an attachment named after its path. */
export function attachmentsFromUrls(value: unknown): AttachmentRecord[] {
  return listOf(value, 'attachment_urls').map((entry) => {
    if (typeof entry !== 'string' || entry.length > MAX_URL_LENGTH) {
      throw badParameter('attachment_urls must be URLs');
    }
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw badParameter('attachment_urls must be URLs');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw badParameter('attachment_urls must be URLs');
    }
    const name = attachmentName(url);
    return {
      name,
      url: url.toString(),
      contentType: contentTypeOfName(name),
      filesize: null,
      width: null,
      height: null,
    };
  });
}

/** `attachment_files`: `{content_type, data (base64), name}` each, all three required. */
export function filesOf(value: unknown): Omit<StoredFile, 'id'>[] {
  return listOf(value, 'attachment_files').map((entry) => {
    const file = asRecord(entry);
    const { name, content_type: contentType, data } = file ?? {};
    if (typeof name !== 'string' || name === '' || name.length > MAX_NAME_LENGTH) {
      throw badParameter('attachment_files need a name');
    }
    if (
      typeof contentType !== 'string' ||
      contentType.length > MAX_CONTENT_TYPE_LENGTH ||
      !CONTENT_TYPE.test(contentType)
    ) {
      throw badParameter('attachment_files need a content_type');
    }
    // Length first: the body limit bounds it already, the pattern then runs once over it.
    if (typeof data !== 'string' || data.length % 4 !== 0 || !BASE64.test(data)) {
      throw badParameter('attachment_files need their data in base64');
    }
    return { name, contentType: contentType.toLowerCase(), data: Buffer.from(data, 'base64') };
  });
}

export const newFileId = (): string => randomBytes(8).toString('hex');

/** The attachment a stored file becomes, at its URL on the emulator. */
export function attachmentOfFile(file: StoredFile, origin: string): AttachmentRecord {
  const size = imageSize(file.data);
  return {
    name: file.name,
    url: `${origin}/_emulator/attachments/${file.id}/${encodeURIComponent(file.name)}`,
    contentType: file.contentType,
    filesize: file.data.length,
    width: size?.width ?? null,
    height: size?.height ?? null,
  };
}

/**
 * `GET /_emulator/attachments/{id}/{name}`: a file sent as `attachment_files`, served as sent
 * (as a download: never rendered by a browser as a page of the emulator's origin).
 */
export function serveAttachment(file: StoredFile | undefined, response: ServerResponse): void {
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('Not found');
    return;
  }
  response.writeHead(200, {
    'content-type': file.contentType,
    'content-length': file.data.length,
    'content-disposition': 'attachment',
    'x-content-type-options': 'nosniff',
  });
  response.end(file.data);
}
