/**
 * A GraphQL error answer Apollo made before any plugin saw the request (the CSRF refusal, a
 * request it could not read) carries no request id: this adds it to each error that lacks one,
 * as every other error has it. Answers that are not errors, or not JSON, are left as they are.
 */
export function withRequestId(status: number, body: string, requestId: string): string {
  if (status < 400 || !body.startsWith('{')) return body;
  let parsed: { errors?: unknown };
  try {
    parsed = JSON.parse(body) as { errors?: unknown };
  } catch {
    return body;
  }
  if (!Array.isArray(parsed.errors)) return body;
  let added = false;
  for (const error of parsed.errors as Array<{ extensions?: Record<string, unknown> }>) {
    if (typeof error !== 'object' || error === null) continue;
    error.extensions ??= {};
    if (error.extensions.requestId === undefined) {
      error.extensions.requestId = requestId;
      added = true;
    }
  }
  return added ? JSON.stringify(parsed) : body;
}
