import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { IntercomClient } from 'intercom-client';
import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import { callIntercom } from '../helpers/intercom-http';
import { until } from '../helpers/until';

/**
 * Closing, opening, snoozing and assigning a conversation: 2.x at `/parts`, 1.x at the reply
 * endpoint; the state in every answer, a webhook topic per action. Answers on 2.16 are checked
 * against Intercom's OpenAPI description by `callIntercom`.
 */
let emulator: RunningEmulator;
const events: Array<{ topic: string; conversationId: string }> = [];

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    newContactDelayMs: 0,
    onConversationEvent: (event) => events.push(event),
  });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.control.reset();
  events.length = 0;
});

const wash = SEED.admins.wash.id;
const zoe = SEED.admins.zoe.id;
const crew = SEED.teams.crew.id;
const winston = SEED.users.ponies;
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

async function openConversation(): Promise<string> {
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

const manage = (id: string, body: unknown, version?: string) =>
  callIntercom(emulator, { path: `/conversations/${id}/parts`, body, version });

describe('POST /conversations/{id}/parts (2.x)', () => {
  it('closes with a message, and the answer and GET show it closed', async () => {
    const id = await openConversation();
    const closed = await manage(id, {
      message_type: 'close',
      type: 'admin',
      admin_id: wash,
      body: 'Goodbye :)',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id, state: 'closed', open: false, snoozed_until: null });
    const last = closed.body.conversation_parts.conversation_parts.at(-1);
    expect(last).toMatchObject({
      part_type: 'close',
      body: 'Goodbye :)',
      state: 'closed',
      author: { type: 'admin', id: wash },
    });
    const fetched = await callIntercom(emulator, { path: `/conversations/${id}` });
    expect(fetched.body).toMatchObject({ state: 'closed', open: false });
    expect(events.at(-1)).toEqual({ topic: 'conversation.admin.closed', conversationId: id });
  });

  it('snoozes until a time, then opens it again (unsnoozed)', async () => {
    const id = await openConversation();
    const until = inAnHour();
    const snoozed = await manage(id, {
      message_type: 'snoozed',
      admin_id: Number(wash),
      snoozed_until: until,
    });
    expect(snoozed.body).toMatchObject({ state: 'snoozed', open: true, snoozed_until: until });
    expect(snoozed.body.conversation_parts.conversation_parts.at(-1)).toMatchObject({
      part_type: 'snoozed',
      body: null,
    });
    const opened = await manage(id, { message_type: 'open', admin_id: wash });
    expect(opened.body).toMatchObject({ state: 'open', open: true, snoozed_until: null });
    expect(events.slice(-2).map((event) => event.topic)).toEqual([
      'conversation.admin.snoozed',
      'conversation.admin.unsnoozed',
    ]);
  });

  it('opens a closed conversation (opened)', async () => {
    const id = await openConversation();
    await manage(id, { message_type: 'close', type: 'admin', admin_id: wash });
    const opened = await manage(id, { message_type: 'open', admin_id: wash });
    expect(opened.body).toMatchObject({ state: 'open', open: true });
    expect(events.at(-1)?.topic).toBe('conversation.admin.opened');
  });

  it('assigns to an admin and a team, with an optional note body, and unassigns with 0', async () => {
    const id = await openConversation();
    const toZoe = await manage(id, {
      message_type: 'assignment',
      type: 'admin',
      admin_id: wash,
      assignee_id: zoe,
      body: 'Over to you',
    });
    expect(toZoe.body).toMatchObject({ admin_assignee_id: Number(zoe), team_assignee_id: 0 });
    expect(toZoe.body.conversation_parts.conversation_parts.at(-1)).toMatchObject({
      part_type: 'assignment',
      body: 'Over to you',
      assigned_to: { type: 'admin', id: zoe },
    });
    const toCrew = await manage(id, {
      message_type: 'assignment',
      type: 'team',
      admin_id: wash,
      assignee_id: crew,
    });
    expect(toCrew.body).toMatchObject({
      admin_assignee_id: Number(zoe),
      team_assignee_id: Number(crew),
    });
    const nobody = await manage(id, {
      message_type: 'assignment',
      type: 'admin',
      admin_id: wash,
      assignee_id: '0',
    });
    expect(nobody.body).toMatchObject({ admin_assignee_id: 0, team_assignee_id: Number(crew) });
    expect(events.at(-1)?.topic).toBe('conversation.admin.assigned');
    // Before 2.16, nobody is null.
    const older = await callIntercom(emulator, { path: `/conversations/${id}`, version: '2.14' });
    expect(older.body).toMatchObject({ admin_assignee_id: null, team_assignee_id: Number(crew) });
  });

  it('reopens a closed conversation it assigns (assign_and_reopen)', async () => {
    const id = await openConversation();
    await manage(id, { message_type: 'close', type: 'admin', admin_id: wash });
    const assigned = await manage(id, {
      message_type: 'assignment',
      type: 'admin',
      admin_id: wash,
      assignee_id: wash,
    });
    expect(assigned.body.state).toBe('open');
    expect(assigned.body.conversation_parts.conversation_parts.at(-1).part_type).toBe(
      'assign_and_reopen',
    );
  });

  it('a contact’s reply reopens a snoozed conversation', async () => {
    const id = await openConversation();
    await manage(id, { message_type: 'snoozed', admin_id: wash, snoozed_until: inAnHour() });
    const replied = await callIntercom(emulator, {
      path: `/conversations/${id}/reply`,
      body: { message_type: 'comment', type: 'user', intercom_user_id: winston.id, body: 'Hi?' },
    });
    expect(replied.body).toMatchObject({ state: 'open', snoozed_until: null });
  });

  it.each([
    [{ message_type: 'archive', admin_id: wash }, 400, 'parameter_invalid'],
    [{ message_type: 'close', admin_id: wash }, 400, 'parameter_invalid'],
    [{ message_type: 'close', type: 'admin' }, 400, 'parameter_invalid'],
    [{ message_type: 'close', type: 'admin', admin_id: '1' }, 404, 'admin_not_found'],
    [{ message_type: 'snoozed', admin_id: wash }, 400, 'parameter_invalid'],
    [{ message_type: 'snoozed', admin_id: wash, snoozed_until: 1000 }, 400, 'parameter_invalid'],
    [{ message_type: 'snoozed', admin_id: wash, snoozed_until: '1' }, 400, 'parameter_invalid'],
    [{ message_type: 'assignment', type: 'admin', admin_id: wash }, 400, 'parameter_invalid'],
    [
      { message_type: 'assignment', type: 'bot', admin_id: wash, assignee_id: wash },
      400,
      'parameter_invalid',
    ],
    [
      { message_type: 'assignment', type: 'admin', admin_id: wash, assignee_id: '7' },
      404,
      'admin_not_found',
    ],
    [
      { message_type: 'assignment', type: 'team', admin_id: wash, assignee_id: '7' },
      404,
      'team_not_found',
    ],
  ])('refuses %j with %i %s and changes nothing', async (body, status, code) => {
    const id = await openConversation();
    const before = events.length;
    const answer = await callIntercom(emulator, {
      path: `/conversations/${id}/parts`,
      body,
      version: '2.14',
    });
    expect({ status: answer.status, code: answer.body.errors[0].code }).toEqual({ status, code });
    const fetched = await callIntercom(emulator, { path: `/conversations/${id}` });
    expect(fetched.body).toMatchObject({ state: 'open', admin_assignee_id: 0 });
    expect(fetched.body.conversation_parts.total_count).toBe(1);
    expect(events.length).toBe(before);
  });

  it('answers an unknown conversation with Resource Not Found, and 1.x has no such route', async () => {
    const unknown = await manage('999999', { message_type: 'open', admin_id: wash });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0]).toEqual({ code: 'not_found', message: 'Resource Not Found' });
    const id = await openConversation();
    const v1 = await manage(id, { message_type: 'open', admin_id: wash }, '1.4');
    expect(v1.status).toBe(404);
  });
});

describe('a snooze that runs out', () => {
  /** Whole seconds from now: snoozes end on whole seconds. */
  const secondsAhead = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;
  const snooze = (id: string, until_: number) =>
    manage(id, { message_type: 'snoozed', admin_id: zoe, snoozed_until: until_ });
  const unsnoozedOf = (id: string) =>
    events.some(
      (event) => event.topic === 'conversation.admin.unsnoozed' && event.conversationId === id,
    );

  it('reopens the conversation on time with a timer_unsnooze part and the unsnoozed webhook', async () => {
    const later = await openConversation();
    const soon = await openConversation();
    // The later one first: the alarm set for it is brought forward by the sooner one.
    await snooze(later, inAnHour());
    const due = secondsAhead(2);
    await snooze(soon, due);
    await until(() => unsnoozedOf(soon));
    expect(Date.now()).toBeGreaterThanOrEqual(due * 1000);
    const reopened = await callIntercom(emulator, { path: `/conversations/${soon}` });
    expect(reopened.body).toMatchObject({ state: 'open', open: true, snoozed_until: null });
    expect(reopened.body.conversation_parts.conversation_parts.at(-1)).toMatchObject({
      part_type: 'timer_unsnooze',
      body: null,
      state: 'open',
      // Written in the name of the admin whose snooze ran out.
      author: { type: 'admin', id: zoe },
    });
    const still = await callIntercom(emulator, { path: `/conversations/${later}` });
    expect(still.body).toMatchObject({ state: 'snoozed' });
    expect(unsnoozedOf(later)).toBe(false);
  });

  it('leaves alone a conversation opened before its snooze ran out', async () => {
    const opened = await openConversation();
    const waited = await openConversation();
    // Two seconds ahead: opened well before it runs out.
    await snooze(opened, secondsAhead(2));
    await manage(opened, { message_type: 'open', admin_id: wash });
    const last = secondsAhead(3);
    await snooze(waited, last);
    await until(() => unsnoozedOf(waited));
    const fetched = await callIntercom(emulator, { path: `/conversations/${opened}` });
    const types = fetched.body.conversation_parts.conversation_parts.map(
      (part: { part_type: string }) => part.part_type,
    );
    expect(types).toEqual(['comment', 'snoozed', 'open']);
    // Snoozed, and unsnoozed by hand: no second unsnooze when its time came.
    expect(
      events.filter((event) => event.conversationId === opened).map((event) => event.topic),
    ).toEqual([
      'conversation.user.replied',
      'conversation.admin.snoozed',
      'conversation.admin.unsnoozed',
    ]);
  });

  it('POST /_emulator/conversations/{id}/unsnooze ends a snooze now, as its running out would', async () => {
    const id = await openConversation();
    await snooze(id, inAnHour());
    const control = (path: string) =>
      request(`${emulator.url}/_emulator/conversations/${path}/unsnooze`, { method: 'POST' });
    const answer = await control(id);
    expect(answer.statusCode).toBe(200);
    const body = (await answer.body.json()) as Record<string, any>;
    expect(body).toMatchObject({ id, state: 'open', snoozed_until: null });
    expect(body.conversation_parts.conversation_parts.at(-1).part_type).toBe('timer_unsnooze');
    expect(unsnoozedOf(id)).toBe(true);
    const again = await control(id);
    expect(again.statusCode).toBe(400);
    await again.body.dump();
    const unknown = await control('999999');
    expect(unknown.statusCode).toBe(404);
    await unknown.body.dump();
  });

  it('after a restart, a snooze that ran out while it was stopped is reopened at start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'emulator-snooze-'));
    try {
      const first = await startEmulator({ port: 0, dataDir, newContactDelayMs: 0 });
      const sent = await callIntercom(first, {
        path: '/messages',
        body: {
          message_type: 'inapp',
          body: 'Any news?',
          from: { type: 'admin', id: wash },
          to: { type: 'user', id: winston.id },
        },
      });
      const id = first.control.playReply(sent.body.id, 'Yes').id;
      const due = secondsAhead(2);
      const snoozed = await callIntercom(first, {
        path: `/conversations/${id}/parts`,
        body: { message_type: 'snoozed', admin_id: wash, snoozed_until: due },
      });
      expect(snoozed.body.state).toBe('snoozed');
      await first.close();
      // Stopped until the snooze has run out.
      await until(() => Date.now() >= due * 1000);
      const second = await startEmulator({ port: 0, dataDir });
      try {
        const fetched = await callIntercom(second, { path: `/conversations/${id}` });
        expect(fetched.body).toMatchObject({ state: 'open', snoozed_until: null });
        expect(fetched.body.conversation_parts.conversation_parts.at(-1)).toMatchObject({
          part_type: 'timer_unsnooze',
          author: { type: 'admin', id: wash },
        });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the reply endpoint’s actions (1.x)', () => {
  it('closes, snoozes, opens and assigns; the assignee as 1.x names it', async () => {
    const id = await openConversation();
    const reply = (body: Record<string, unknown>) =>
      callIntercom(emulator, {
        path: `/conversations/${id}/reply`,
        version: '1.4',
        body: { type: 'admin', admin_id: wash, ...body },
      });
    expect((await reply({ message_type: 'close' })).body).toMatchObject({
      state: 'closed',
      open: false,
    });
    const until = inAnHour();
    expect((await reply({ message_type: 'snoozed', snoozed_until: until })).body).toMatchObject({
      state: 'snoozed',
      snoozed_until: until,
    });
    expect((await reply({ message_type: 'open' })).body).toMatchObject({ state: 'open' });
    const toTeam = await reply({ message_type: 'assignment', assignee_id: crew });
    expect(toTeam.body.assignee).toEqual({ type: 'team', id: crew });
    const toZoe = await reply({ message_type: 'assignment', assignee_id: zoe, body: 'Yours' });
    expect(toZoe.body.assignee).toEqual({ type: 'admin', id: zoe });
    expect(toZoe.body.conversation_parts.conversation_parts.at(-1)).toMatchObject({
      part_type: 'assignment',
      body: 'Yours',
    });
    expect(events.slice(-5).map((event) => event.topic)).toEqual([
      'conversation.admin.closed',
      'conversation.admin.snoozed',
      'conversation.admin.unsnoozed',
      'conversation.admin.assigned',
      'conversation.admin.assigned',
    ]);
  });

  it('refuses an action without type admin, and an unknown assignee', async () => {
    const id = await openConversation();
    const reply = (body: Record<string, unknown>) =>
      callIntercom(emulator, { path: `/conversations/${id}/reply`, version: '1.4', body });
    expect((await reply({ message_type: 'close', admin_id: wash })).status).toBe(400);
    const unknown = await reply({
      type: 'admin',
      message_type: 'assignment',
      admin_id: wash,
      assignee_id: '12',
    });
    expect(unknown.status).toBe(404);
    // 2.x's reply endpoint does not act: its actions are at /parts.
    const v2 = await callIntercom(emulator, {
      path: `/conversations/${id}/reply`,
      body: { type: 'admin', message_type: 'close', admin_id: wash },
    });
    expect(v2.status).toBe(400);
  });
});

describe('replies: "last" and attachment files', () => {
  it('replies to the contact’s last conversation', async () => {
    await openConversation();
    const newest = await openConversation();
    const replied = await callIntercom(emulator, {
      path: '/conversations/last/reply',
      body: { message_type: 'comment', type: 'user', intercom_user_id: winston.id, body: 'Ok' },
    });
    expect(replied.status).toBe(200);
    expect(replied.body.id).toBe(newest);
    const asAdmin = await callIntercom(emulator, {
      path: '/conversations/last/reply',
      body: { message_type: 'comment', type: 'admin', admin_id: wash, body: 'Ok' },
    });
    expect(asAdmin.status).toBe(404);
  });

  it('keeps attachment files and serves them; URLs get the type of their file', async () => {
    const id = await openConversation();
    // A 3x2 PNG header is enough for its size.
    const png = Buffer.alloc(40);
    png.writeUInt32BE(0x89504e47, 0);
    png.writeUInt32BE(3, 16);
    png.writeUInt32BE(2, 20);
    const replied = await callIntercom(emulator, {
      path: `/conversations/${id}/reply`,
      body: {
        message_type: 'comment',
        type: 'admin',
        admin_id: wash,
        body: 'Files',
        attachment_urls: ['https://example.com/a/photo.JPG', 'https://example.com/a/notes'],
        attachment_files: [
          { content_type: 'image/png', data: png.toString('base64'), name: 'tiny.png' },
        ],
      },
    });
    const [photo, notes, tiny] = replied.body.conversation_parts.conversation_parts.at(-1)
      .attachments as Array<Record<string, unknown>>;
    expect(photo).toEqual({
      type: 'upload',
      name: 'photo.JPG',
      url: 'https://example.com/a/photo.JPG',
      content_type: 'image/jpeg',
    });
    expect(notes).toMatchObject({ content_type: 'application/octet-stream' });
    expect(tiny).toMatchObject({
      name: 'tiny.png',
      content_type: 'image/png',
      filesize: 40,
      width: 3,
      height: 2,
    });
    const served = await request(tiny!.url as string);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.from(await served.body.arrayBuffer()).equals(png)).toBe(true);
  });

  it.each([
    [{ attachment_files: 'x' }],
    [{ attachment_files: [{ content_type: 'image/png', data: 'AAAA' }] }],
    [{ attachment_files: [{ content_type: 'not a type', data: 'AAAA', name: 'a' }] }],
    [{ attachment_files: [{ content_type: 'image/png', data: '@@@@', name: 'a' }] }],
    [{ attachment_urls: ['ftp://example.com/a'] }],
  ])('refuses bad attachments %j and writes nothing', async (extra) => {
    const id = await openConversation();
    const answer = await callIntercom(emulator, {
      path: `/conversations/${id}/reply`,
      body: { message_type: 'comment', type: 'admin', admin_id: wash, body: 'x', ...extra },
    });
    expect(answer.status).toBe(400);
    const fetched = await callIntercom(emulator, { path: `/conversations/${id}` });
    expect(fetched.body.conversation_parts.total_count).toBe(1);
  });
});

describe('fidelity to the documented answers', () => {
  it('an unknown conversation is Resource Not Found', async () => {
    const answer = await callIntercom(emulator, { path: '/conversations/424242' });
    expect(answer.body.errors[0]).toEqual({ code: 'not_found', message: 'Resource Not Found' });
  });

  it('in-app messages carry a subject only when given one; emails their template on 2.x', async () => {
    const inapp = await callIntercom(emulator, {
      path: '/messages',
      body: {
        message_type: 'inapp',
        body: 'Hi',
        from: { type: 'admin', id: wash },
        to: { type: 'user', id: winston.id },
      },
    });
    expect(inapp.body).not.toHaveProperty('subject');
    expect(inapp.body).not.toHaveProperty('template');
  });

  it('admins have no email_verified; /me has it, and its app no secure', async () => {
    const admin = await callIntercom(emulator, { path: `/admins/${wash}` });
    expect(admin.body).not.toHaveProperty('email_verified');
    const me = await callIntercom(emulator, { path: '/me' });
    expect(me.body.email_verified).toBe(true);
    expect(me.body.app).not.toHaveProperty('secure');
  });

  it('GET /admins/activity_logs is the activity log, not an admin', async () => {
    const logs = await callIntercom(emulator, {
      path: '/admins/activity_logs?created_at_after=1677253093',
    });
    expect(logs.body).toMatchObject({ type: 'activity_log.list', activity_logs: [] });
    const missing = await callIntercom(emulator, {
      path: '/admins/activity_logs',
      version: '2.14',
    });
    expect(missing.status).toBe(400);
  });
});

describe('the official Intercom Node SDK’s manage calls', () => {
  it('closes, snoozes, opens and assigns', async () => {
    const client = new IntercomClient({ token: emulator.accessToken, baseUrl: emulator.url });
    const id = await openConversation();
    const closed = await client.conversations.manage({
      conversation_id: id,
      body: { message_type: 'close', type: 'admin', admin_id: wash, body: 'Bye' },
    });
    expect(closed.state).toBe('closed');
    const until = inAnHour();
    const snoozed = await client.conversations.manage({
      conversation_id: id,
      body: { message_type: 'snoozed', admin_id: wash, snoozed_until: until },
    });
    expect(snoozed.snoozed_until).toBe(until);
    const opened = await client.conversations.manage({
      conversation_id: id,
      body: { message_type: 'open', admin_id: wash },
    });
    expect(opened.state).toBe('open');
    const assigned = await client.conversations.manage({
      conversation_id: id,
      body: { message_type: 'assignment', type: 'team', admin_id: wash, assignee_id: crew },
    });
    expect(assigned.team_assignee_id).toBe(Number(crew));
    const last = await client.conversations.reply({
      conversation_id: 'last',
      body: { message_type: 'comment', type: 'user', intercom_user_id: winston.id, body: 'Ok' },
    });
    expect(last.id).toBe(id);
  });
});
