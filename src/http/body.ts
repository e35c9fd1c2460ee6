import type { IncomingMessage } from 'node:http';

/** An HTTP-level refusal, answered before GraphQL sees the request. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The client went away before its body was complete: a client event, not a gateway fault. */
export class ClientAbortedError extends Error {
  constructor() {
    super('The client closed the connection before sending its whole body.');
    this.name = 'ClientAbortedError';
  }
}

/**
 * The body did not arrive whole within the server's request timeout: Node answered 408 and
 * closed the connection. A slow or stalled client, not a gateway fault, and not an abort.
 */
export class RequestTimedOutError extends Error {
  constructor() {
    super('The request did not arrive whole within GATEWAY_REQUEST_TIMEOUT_MS.');
    this.name = 'RequestTimedOutError';
  }
}

/** Why a body stopped before its end: Node's request timeout (it answered 408), or the client. */
const cutOff = (request: IncomingMessage): Error =>
  (request.socket?.errored as NodeJS.ErrnoException | null | undefined)?.code ===
  'ERR_HTTP_REQUEST_TIMEOUT'
    ? new RequestTimedOutError()
    : new ClientAbortedError();

/** Reads a request body, refusing it (413) past `maxBytes` without buffering the rest. */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  // Destroyed before it is read (even complete): its data and 'end' will never come.
  if (request.destroyed) return Promise.reject(cutOff(request));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(tooLarge(maxBytes));
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // A client that hangs up mid-body, or Node's request timeout: Node reports an 'aborted'
    // error, or (when it happened before these listeners) only closes the request.
    request.on('error', () => reject(cutOff(request)));
    request.on('close', () => {
      if (!request.complete) reject(cutOff(request));
    });
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(
    413,
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than ${maxBytes} bytes.`,
  );
}
