import type { ServerResponse } from 'node:http';

/** Answers with `body` as JSON, its length known. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

/** A GraphQL-shaped error answer: one error with a stable `extensions.code`. */
export const graphqlError = (
  message: string,
  code: string,
  extra: Record<string, unknown> = {},
) => ({
  errors: [{ message, extensions: { code, ...extra } }],
});
