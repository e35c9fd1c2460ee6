import { request } from 'undici';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { callIntercom } from '../helpers/intercom-http';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.control.reset());

const rawGet = (path: string, timeoutMs?: number) =>
  request(`${emulator.url}${path}`, {
    headers: {
      authorization: `Bearer ${emulator.accessToken}`,
      accept: 'application/json',
      'intercom-version': '2.14',
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

describe('fault knobs', () => {
  it('returns a status exactly N times after skipping K requests, on that route only', async () => {
    emulator.control.addFault({ route: 'GET /admins', status: 500, skip: 1, times: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push((await callIntercom(emulator, { path: '/admins' })).status);
    expect(statuses).toEqual([200, 500, 500, 200]);
    expect((await callIntercom(emulator, { path: '/admins/394051' })).status).toBe(200);
  });

  it('answers an injected 429 with the headers it is given', async () => {
    emulator.control.addFault({
      route: 'GET /admins',
      status: 429,
      headers: { 'retry-after': '1' },
    });
    const answer = await callIntercom(emulator, { path: '/admins' });
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.body.errors[0].code).toBe('rate_limit_exceeded');
  });

  it('adds latency and still answers', async () => {
    emulator.control.addFault({ route: 'GET /admins', latencyMs: 50 });
    const started = performance.now();
    const answer = await callIntercom(emulator, { path: '/admins' });
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('resets the connection before answering', async () => {
    emulator.control.addFault({ route: 'GET /admins', action: 'reset' });
    await expect(rawGet('/admins')).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
  });

  it('answers a body that is not JSON', async () => {
    emulator.control.addFault({ route: 'GET /admins', action: 'malformed-json' });
    const answer = await callIntercom(emulator, { path: '/admins' });
    expect(answer.status).toBe(200);
    expect(typeof answer.body).toBe('string');
  });

  it('never answers, or never finishes the body', async () => {
    emulator.control.addFault({ route: 'GET /admins', action: 'hang' });
    await expect(rawGet('/admins', 100)).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    emulator.control.addFault({ route: 'GET /admins', action: 'incomplete-body' });
    const response = await rawGet('/admins', 100);
    expect(response.statusCode).toBe(200);
    await expect(response.body.text()).rejects.toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });
  });

  it('can carry out the request before failing, so the side effect happens', async () => {
    emulator.control.addFault({ route: 'POST /messages', status: 502, handle: true });
    const answer = await callIntercom(emulator, {
      path: '/messages',
      body: { from: { type: 'user', id: '536e564f316c83104c000020' }, body: 'Hey' },
    });
    expect(answer.status).toBe(502);
    expect(emulator.control.counts().messages).toBe(1);
  });
});

describe('fault matching on the body', () => {
  it('affects only requests whose body contains the text', async () => {
    emulator.control.addFault({
      route: 'POST /conversations/search',
      bodyContains: 'source.id',
      status: 400,
      times: 0,
    });
    const bySource = await callIntercom(emulator, {
      path: '/conversations/search',
      body: { query: { field: 'source.id', operator: '=', value: '1' } },
    });
    expect(bySource.status).toBe(400);
    const byContact = await callIntercom(emulator, {
      path: '/conversations/search',
      body: { query: { field: 'contact_ids', operator: '=', value: '1' } },
    });
    expect(byContact.status).toBe(200);
  });
});
