import { request } from 'undici';
import type { RunningEmulator } from '../../src/emulator';
import { conformance } from './openapi-conformance';

export interface IntercomCall {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  /** Raw text to send instead of JSON. */
  rawBody?: string;
  version?: string | null;
  token?: string | null;
  accept?: string | null;
}

export interface IntercomAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;

  body: any;
}

/** The version emulator tests speak unless they name one: the one described in the fixture. */
const DEFAULT_VERSION = '2.16';

/** Calls the emulator as an Intercom client would (token, JSON Accept, Intercom-Version). */
export async function callIntercom(
  emulator: RunningEmulator,
  call: IntercomCall,
): Promise<IntercomAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (call.token !== null) headers.authorization = `Bearer ${call.token ?? emulator.accessToken}`;
  if (call.accept !== null) headers.accept = call.accept ?? 'application/json';
  if (call.version !== null) headers['intercom-version'] = call.version ?? DEFAULT_VERSION;
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  const response = await request(`${emulator.url}${call.path}`, {
    method: call.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.body.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the raw text
  }
  const answer = { status: response.statusCode, headers: response.headers, body: parsed };
  const version = call.version === undefined ? DEFAULT_VERSION : call.version;
  if (version === '2.16' && typeof parsed === 'object') {
    // Every answer on the version whose description is vendored is held to it.
    const verdict = conformance().judge(
      call.method ?? (body === undefined ? 'GET' : 'POST'),
      call.path,
      answer.status,
      parsed,
    );
    if (verdict.kind === 'invalid') {
      throw new Error(
        `${verdict.operation} ${verdict.status} does not match Intercom's OpenAPI 2.16:\n${verdict.errors.join('\n')}`,
      );
    }
  }
  return answer;
}
