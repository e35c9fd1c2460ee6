import type { Browser } from 'playwright-core';
import { SendAdminMessageDocument } from '../../generated/graphql/graphql';
import { SEED } from '../../src/emulator';
import { jwtEnv, signJwt } from '../helpers/auth';
import type { Stack } from '../helpers/stack';
import { expectText, shoot, startWebApp, type WebApp } from './web-app';

/** Compose, history and live conversations in the example frontend (see ./web-app.ts). */

const ponies = SEED.users.ponies;
const julia = SEED.users.thisLand;

describe('the example frontend, GATEWAY_AUTH=none', () => {
  let web: WebApp;
  let stack: Stack;
  let app: { url: string };
  let browser: Browser;

  beforeAll(async () => {
    web = await startWebApp({ GATEWAY_AUTH: 'none' });
    ({ stack, browser } = web);
    app = { url: web.url };
  });
  afterAll(() => web?.close());

  it('composes with field errors, sends, lists, opens the conversation live and answers it in two tabs', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${app.url}#/compose`);
    const admin = page.getByRole('form', { name: 'Admin message' });

    // A bad input: the gateway's sentences appear beside the fields, and nothing is sent.
    await admin.getByLabel('Kind').selectOption('EMAIL');
    await admin.getByLabel('Recipient identifier').selectOption('email');
    await admin.getByLabel('Recipient', { exact: true }).fill('not-an-email');
    await admin.getByLabel('Message').fill('How are the ponies?');
    await admin.getByRole('button', { name: 'Send admin message' }).click();
    await expectText(
      admin.locator('[data-field="input.subject"] .field-error'),
      'An email needs a subject.',
    );
    await expectText(
      admin.locator('[data-field="input.to"] .field-error'),
      'email must be an email address.',
    );
    expect(stack.upstream('POST /messages')).toHaveLength(0);
    await shoot(page, '01-field-errors');

    // Fixed: an in-app message to a user by id.
    await admin.getByLabel('Kind').selectOption('IN_APP');
    await admin.getByLabel('Recipient identifier').selectOption('id');
    await admin.getByLabel('Recipient', { exact: true }).fill(ponies.id);
    await admin.getByRole('button', { name: 'Send admin message' }).click();
    const sent = await admin.getByRole('status').filter({ hasText: 'Sent: message' }).textContent();
    const messageId = /message (\S+) \(SENT\)/.exec(sent ?? '')?.[1] as string;
    expect(messageId).toBeTruthy();
    // The send carried an idempotency key, as the README tells clients to.
    expect(stack.upstream('POST /messages')).toHaveLength(1);
    await shoot(page, '02-sent');

    // History: the ledger's entry, with its state.
    await page.getByRole('link', { name: 'History' }).click();
    const row = page.locator(`tr[data-message-id="${messageId}"]`);
    await expectText(row.locator('.badge'), 'SENT');
    await shoot(page, '03-history');

    // The conversation: waiting, then open as soon as the contact replies.
    await row.getByRole('link', { name: 'Conversation' }).click();
    await expectText(page.locator('.status.waiting'), 'Waiting for the contact to reply');
    await shoot(page, '04-waiting-for-reply');
    stack.emulator.control.playReply(messageId, 'Sinister, surely.');
    await expectText(page.locator('.parts'), 'Sinister, surely.');
    await shoot(page, '05-opened-live');

    // Another tab on the same conversation sees the answer written in the first.
    const other = await (await browser.newContext()).newPage();
    await other.goto(`${app.url}#/conversation/${messageId}`);
    await expectText(other.locator('.parts'), 'Sinister, surely.');
    const reply = page.getByRole('form', { name: 'Reply' });
    await reply.getByLabel('Reply').fill('Ponies, definitely ponies.');
    await reply.getByRole('button', { name: 'Send reply' }).click();
    await expectText(page.locator('.parts'), 'Ponies, definitely ponies.');
    await expectText(other.locator('.parts'), 'Ponies, definitely ponies.');
    await shoot(other, '06-reply-in-second-tab');
  });
});

describe('the example frontend, GATEWAY_AUTH=jwt', () => {
  let web: WebApp;
  let stack: Stack;
  let app: { url: string };
  let browser: Browser;

  beforeAll(async () => {
    web = await startWebApp(jwtEnv());
    ({ stack, browser } = web);
    app = { url: web.url };
  });
  afterAll(() => web?.close());

  it('shows a person only their own history', async () => {
    const backoffice = {
      authorization: `Bearer ${await signJwt({
        sub: 'backoffice',
        scope: 'messages:admin messages:admin:any',
      })}`,
    };
    for (const to of [ponies, julia]) {
      const answer = await stack.execute(
        SendAdminMessageDocument,
        {
          input: {
            messageType: 'IN_APP',
            body: `For ${to.name}`,
            from: { id: SEED.admins.wash.id },
            to: { type: 'USER', id: to.id },
          },
        },
        backoffice,
      );
      expect(answer.body.errors).toBeUndefined();
    }

    const page = await (await browser.newContext()).newPage();
    await page.goto(`${app.url}#/history`);
    // Without a token the gateway refuses, and the page says so.
    await expectText(page.getByRole('alert'), 'token');
    const token = await signJwt({
      sub: julia.externalId,
      intercom_contact_id: julia.id,
      scope: 'messages:read conversations:read',
    });
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Use token' }).click();
    await expectText(page.locator('.who'), `Signed in as ${julia.externalId}`);
    await expectText(page.locator('tbody'), 'For Julia');
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody').textContent()).not.toContain('For Winston Smith');
    await shoot(page, '07-a-person-sees-their-own-history');
  });
});
