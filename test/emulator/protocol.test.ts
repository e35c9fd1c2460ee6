import { request } from 'undici';
import { SEED, SUPPORTED_VERSIONS, startEmulator, type RunningEmulator } from '../../src/emulator';
import { callIntercom } from '../helpers/intercom-http';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimit: 5 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.control.reset());

const errorList = (code: string, message: string) => ({
  type: 'error.list',
  request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
  errors: [{ code, message }],
});

describe('the emulator speaks Intercom HTTP', () => {
  it('accepts every supported Intercom-Version', async () => {
    emulator.control.setRateLimit(0);
    for (const version of SUPPORTED_VERSIONS) {
      const answer = await callIntercom(emulator, { path: '/admins/394051', version });
      expect(answer.status).toBe(200);
    }
  });

  it("refuses an unknown Intercom-Version with Intercom's error", async () => {
    const answer = await callIntercom(emulator, { path: '/admins', version: '3.0' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(
      errorList('intercom_version_invalid', 'The requested version could not be found'),
    );
  });

  it('answers 401 without the bearer token, or with another', async () => {
    for (const token of [null, 'wrong']) {
      const answer = await callIntercom(emulator, { path: '/admins', token });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(errorList('unauthorized', 'Access Token Invalid'));
    }
  });

  it('refuses a browser at its control endpoints: a page cannot reset it or make contacts reply', async () => {
    emulator.control.setRateLimit(0);
    await callIntercom(emulator, { path: '/admins' });
    const reset = await request(`${emulator.url}/_emulator/reset`, {
      method: 'POST',
      headers: { origin: 'https://a-page.example', 'content-type': 'text/plain' },
      body: '',
    });
    expect(reset.statusCode).toBe(403);
    await reset.body.dump();
    // Not reset: the request before is still on record.
    expect(emulator.control.requests('GET /admins')).toHaveLength(1);
    const state = await request(`${emulator.url}/_emulator/state`);
    expect(state.statusCode).toBe(200);
    await state.body.dump();
  });

  it('keeps no record of a request without its token (a web page cannot fill the log)', async () => {
    const answer = await callIntercom(emulator, {
      method: 'POST',
      path: '/messages',
      token: null,
      rawBody: JSON.stringify({ pad: 'x'.repeat(10_000) }),
    });
    expect(answer.status).toBe(401);
    expect(emulator.control.requests()).toEqual([]);
  });

  it('answers 406 without Accept: application/json', async () => {
    for (const accept of [null, 'text/html', 'application/json;q=0, text/plain']) {
      const answer = await callIntercom(emulator, { path: '/admins', accept });
      expect(answer.status).toBe(406);
    }
    for (const accept of ['*/*', 'application/*', 'text/html, application/json;q=0.5']) {
      const answer = await callIntercom(emulator, { path: '/admins', accept });
      expect(answer.status).toBe(200);
    }
  });

  it('answers 400 parameter_invalid for a body that is not JSON', async () => {
    const answer = await callIntercom(emulator, { path: '/messages', rawBody: '{"from":' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].code).toBe('parameter_invalid');
  });

  it('answers 404 for unknown routes', async () => {
    const answer = await callIntercom(emulator, { path: '/nothing/here' });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual(errorList('not_found', 'Resource Not Found'));
  });

  it('counts a budget per 10-second window and answers 429 past it', async () => {
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push(await callIntercom(emulator, { path: '/admins' }));
    const [first, , , , fifth, sixth] = answers;
    expect(first?.headers['x-ratelimit-limit']).toBe('5');
    expect(first?.headers['x-ratelimit-remaining']).toBe('4');
    expect(Number(first?.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(fifth?.headers['x-ratelimit-remaining']).toBe('0');
    expect(sixth?.status).toBe(429);
    expect(sixth?.headers['x-ratelimit-remaining']).toBe('0');
    expect(sixth?.body).toEqual(
      errorList('rate_limit_exceeded', 'You have exceeded the rate limit. Please try again later.'),
    );
  });

  it('turns the limit off with 0', async () => {
    emulator.control.setRateLimit(0);
    for (let i = 0; i < 8; i += 1) {
      const answer = await callIntercom(emulator, { path: '/admins' });
      expect(answer.status).toBe(200);
      expect(answer.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });

  it('carries the rate-limit headers and a request id equal to the body’s on every answer', async () => {
    const answers = [
      await callIntercom(emulator, { path: '/admins', token: 'wrong' }),
      await callIntercom(emulator, { path: '/admins', version: '3.0' }),
      await callIntercom(emulator, { path: '/no-such-route' }),
      await callIntercom(emulator, { path: '/admins/1' }),
      await callIntercom(emulator, { path: '/messages', rawBody: '{not json' }),
      await callIntercom(emulator, { path: '/admins' }),
    ];
    for (const answer of answers) {
      expect(answer.headers).toMatchObject({
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': expect.stringMatching(/^\d+$/),
        'x-ratelimit-reset': expect.stringMatching(/^\d+$/),
      });
      const requestId = answer.headers['x-request-id'];
      expect(requestId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
      if (answer.status >= 400) expect(answer.body.request_id).toBe(requestId);
    }
    // Only the authenticated ones spend the budget.
    expect(answers.map((answer) => answer.headers['x-ratelimit-remaining'])).toEqual([
      '5',
      '5',
      '4',
      '3',
      '2',
      '1',
    ]);
  });

  it('lists and finds admins', async () => {
    const list = await callIntercom(emulator, { path: '/admins' });
    expect(list.body.type).toBe('admin.list');
    expect(list.body.admins.map((admin: { id: string }) => admin.id)).toEqual(['394051', '814860']);
    const missing = await callIntercom(emulator, { path: '/admins/42' });
    expect(missing.status).toBe(404);
  });

  it('records the requests it received, without the token', async () => {
    await callIntercom(emulator, {
      path: '/messages',
      body: { from: { type: 'user', id: SEED.users.ponies.id }, body: 'Hey' },
    });
    const [recorded] = emulator.control.requests('POST /messages');
    expect(recorded?.body).toEqual({
      from: { type: 'user', id: SEED.users.ponies.id },
      body: 'Hey',
    });
    expect(recorded?.headers['intercom-version']).toBe('2.16');
    expect(recorded?.headers).not.toHaveProperty('authorization');
  });
});

describe('EMULATOR_DEFAULT_VERSION', () => {
  it('answers a request without Intercom-Version in the configured version', async () => {
    const v1 = await startEmulator({ port: 0, defaultVersion: '1.4' });
    try {
      const answer = await callIntercom(v1, {
        path: `/conversations?type=user&intercom_user_id=${SEED.users.ponies.id}`,
        version: null,
      });
      expect(answer.status).toBe(200);
      // 1.x pages by number; 2.x would answer a cursor.
      expect(answer.body.pages).toMatchObject({ type: 'pages', page: 1 });
    } finally {
      await v1.close();
    }
  });
});
