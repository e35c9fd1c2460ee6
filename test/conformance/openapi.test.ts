import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import { intercomRoutes } from '../../src/emulator/routes';
import { callIntercom, type IntercomCall } from '../helpers/intercom-http';
import { conformance } from '../helpers/openapi-conformance';

/**
 * Every route of the emulator, answered on Intercom-Version 2.16 (successes and documented
 * errors), validated against Intercom's OpenAPI 2.16 description by `callIntercom`, which throws
 * on any mismatch. This suite makes sure no route is left out; the emulator suites add their
 * own answers to the same check.
 */
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, newContactDelayMs: 0 });
});
afterAll(() => emulator.close());

const wash = SEED.admins.wash.id;
/** A 1x1 GIF, as `attachment_files` sends a file: base64. */
const ONE_PIXEL_GIF = 'R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';
const winston = SEED.users.ponies;

async function conversationId(): Promise<string> {
  const sent = await callIntercom(emulator, {
    path: '/messages',
    body: {
      message_type: 'inapp',
      body: 'Any news?',
      from: { type: 'admin', id: wash },
      to: { type: 'user', id: winston.id },
    },
  });
  return emulator.control.playReply(sent.body.id, 'Yes').id;
}

it('answers every route as Intercom’s OpenAPI 2.16 describes it', async () => {
  const id = await conversationId();
  const calls: Array<IntercomCall & { status: number }> = [
    { path: '/me', status: 200 },
    { path: '/me', token: 'wrong', status: 401 },
    { path: '/admins', status: 200 },
    { path: `/admins/${wash}`, status: 200 },
    { path: '/admins/1', status: 404 },
    {
      path: '/messages',
      body: {
        message_type: 'email',
        subject: 'Hey',
        body: 'Ponies',
        template: 'plain',
        from: { type: 'admin', id: wash },
        to: { type: 'user', id: winston.id },
      },
      status: 200,
    },
    {
      path: '/messages',
      body: { from: { type: 'user', id: winston.id }, body: 'Hey' },
      status: 200,
    },
    {
      path: '/messages',
      body: {
        message_type: 'inapp',
        from: { type: 'admin', id: wash },
        to: { type: 'user', id: winston.id },
      },
      status: 400,
    },
    {
      path: '/messages',
      body: {
        message_type: 'email',
        body: 'x',
        template: 'plain',
        from: { type: 'admin', id: wash },
        to: { type: 'user', id: winston.id },
      },
      status: 422,
    },
    { path: '/messages', token: 'wrong', body: {}, status: 401 },
    { path: '/contacts', body: { role: 'user', email: 'conformance@example.com' }, status: 200 },
    { path: `/contacts/${winston.id}`, status: 200 },
    {
      path: '/contacts/search',
      body: { query: { field: 'email', operator: '=', value: winston.email } },
      status: 200,
    },
    { path: '/contacts', status: 200 },
    {
      path: '/contacts/search',
      body: {
        query: { field: 'role', operator: '=', value: 'user' },
        sort: { field: 'created_at', order: 'descending' },
      },
      status: 200,
    },
    {
      path: '/contacts/search',
      body: {
        query: { field: 'role', operator: '=', value: 'user' },
        sort: { field: 'email', order: 'sideways' },
      },
      status: 400,
    },
    { path: `/visitors?user_id=${SEED.visitor.externalId}`, status: 200 },
    { path: '/visitors?user_id=nobody', status: 404 },
    {
      path: '/conversations',
      body: { from: { type: 'user', id: winston.id }, body: 'Hello' },
      status: 200,
    },
    {
      path: '/conversations',
      body: { from: { type: 'user', id: '5e5e5e5e5e5e5e5e5e0000ff' }, body: 'Hello' },
      status: 404,
    },
    // 1.x only (Intercom's 2.16 description has no /users): answered, not judged.
    { path: `/users?user_id=${winston.externalId}`, version: '1.4', status: 200 },
    { path: `/users/${winston.id}`, version: '1.4', status: 200 },
    {
      path: '/conversations/search',
      body: { query: { field: 'contact_ids', operator: '=', value: winston.id } },
      status: 200,
    },
    { path: '/conversations', status: 200 },
    { path: `/conversations/${id}`, status: 200 },
    { path: '/conversations/999999', status: 404 },
    {
      path: `/conversations/${id}/reply`,
      body: { message_type: 'comment', type: 'admin', admin_id: wash, body: '<p>Hi</p>' },
      status: 200,
    },
    {
      path: `/conversations/${id}/reply`,
      body: { message_type: 'note', type: 'admin', admin_id: wash, body: 'internal' },
      status: 200,
    },
    {
      path: `/conversations/${id}/reply`,
      body: { message_type: 'comment', type: 'user', intercom_user_id: winston.id, body: 'Thanks' },
      status: 200,
    },
    {
      path: '/conversations/999999/reply',
      body: { message_type: 'comment', type: 'admin', admin_id: wash, body: 'x' },
      status: 404,
    },
    {
      path: `/conversations/${id}/reply`,
      body: {
        message_type: 'comment',
        type: 'admin',
        admin_id: wash,
        body: 'Files',
        attachment_urls: ['https://example.com/files/report.pdf'],
        attachment_files: [{ content_type: 'image/gif', data: ONE_PIXEL_GIF, name: 'dot.gif' }],
      },
      status: 200,
    },
    {
      path: '/conversations/last/reply',
      body: { message_type: 'comment', type: 'user', intercom_user_id: winston.id, body: 'Again' },
      status: 200,
    },
    {
      path: `/conversations/${id}/parts`,
      body: { message_type: 'close', type: 'admin', admin_id: wash, body: 'Goodbye :)' },
      status: 200,
    },
    {
      path: `/conversations/${id}/parts`,
      body: { message_type: 'open', admin_id: wash },
      status: 200,
    },
    {
      path: `/conversations/${id}/parts`,
      body: {
        message_type: 'snoozed',
        admin_id: wash,
        snoozed_until: Math.floor(Date.now() / 1000) + 3600,
      },
      status: 200,
    },
    {
      path: `/conversations/${id}/parts`,
      body: { message_type: 'assignment', type: 'admin', admin_id: wash, assignee_id: wash },
      status: 200,
    },
    {
      path: `/conversations/${id}/parts`,
      body: {
        message_type: 'assignment',
        type: 'team',
        admin_id: wash,
        assignee_id: SEED.teams.crew.id,
        body: 'Over to the crew',
      },
      status: 200,
    },
    {
      path: '/conversations/999999/parts',
      body: { message_type: 'close', type: 'admin', admin_id: wash },
      status: 404,
    },
    { path: '/admins/activity_logs?created_at_after=1677253093', status: 200 },
  ];
  const verdicts = [];
  for (const call of calls) {
    const answer = await callIntercom(emulator, call);
    expect({ path: call.path, status: answer.status }).toEqual({
      path: call.path,
      status: call.status,
    });
    verdicts.push(
      conformance().judge(
        call.method ?? (call.body === undefined ? 'GET' : 'POST'),
        call.path,
        answer.status,
        answer.body,
      ),
    );
  }
  expect(verdicts.filter((verdict) => verdict.kind === 'invalid')).toEqual([]);
  // Every route the emulator serves was answered and judged at least once.
  const answered = new Set(emulator.control.requests().map((request) => request.route));
  expect(intercomRoutes().keys.filter((route) => !answered.has(route))).toEqual([]);
  const judged = verdicts.filter((verdict) => verdict.kind === 'valid').length;
  const schemas = [...conformance().tally.keys()].length;
  const undocumented = verdicts.filter((verdict) => verdict.kind === 'undocumented');
  expect(judged).toBeGreaterThanOrEqual(calls.length - undocumented.length);
  process.stdout.write(
    `OpenAPI 2.16 conformance: ${judged} answers valid, ${schemas} response schemas, ${undocumented.length} without a described schema, 0 mismatches\n`,
  );
});
