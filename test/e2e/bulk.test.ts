import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { SEED } from '../../src/emulator';
import { jwtEnv } from '../helpers/auth';
import { expectText, shoot, startWebApp, type WebApp } from './web-app';

/**
 * The example frontend's Bulk page in Chromium: one admin message to pasted recipients, its
 * progress live over the `messageBatchProgress` subscription, its failures, and its controls.
 * The person signs in with a token from the example's own `npm run token` script.
 */
const devToken = resolve(__dirname, '../../examples/web/scripts/dev-token.mjs');
const wash = SEED.admins.wash;
const bartleby = SEED.users.unsubscribed;

let web: WebApp;
let token: string;
beforeAll(async () => {
  const env = jwtEnv();
  web = await startWebApp(env);
  const minted = await promisify(execFile)(
    process.execPath,
    [devToken, '--sub', 'wash', '--admins', wash.id, '--scope', 'messages:bulk'],
    { env: { PATH: process.env.PATH ?? '', ...env } },
  );
  token = minted.stdout.trim();
});
afterAll(() => web?.close());
afterEach(() => web.stack.emulator.control.clearFaults());

async function openBulk(): Promise<Page> {
  const page = await (await web.browser.newContext()).newPage();
  await page.goto(`${web.url}#/bulk`);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Use token' }).click();
  await expectText(page.locator('.who'), 'Signed in as wash (messages:bulk)');
  return page;
}

/** Waits until the batch's progress bar says `percent`, and its state badge `state`. */
async function progressReaches(page: Page, percent: number, state: string): Promise<void> {
  const bar = page.getByRole('progressbar', { name: 'Recipients done' });
  await bar.and(page.locator(`[aria-valuenow="${percent}"]`)).waitFor({ timeout: 20_000 });
  await expectText(page.getByTestId('batch-state'), state);
}

/** How many messages the emulator received for a recipient, by the text naming it. */
const messagesTo = (recipient: string) =>
  web.stack
    .upstream('POST /messages')
    .filter((request) => JSON.stringify((request.body as { to?: unknown }).to).includes(recipient))
    .length;

it('sends one email to pasted recipients and shows its progress, its state and its failure', async () => {
  const page = await openBulk();
  const form = page.getByRole('form', { name: 'Bulk message' });

  // A bad input: the gateway's sentences appear beside the fields, naming the pasted line.
  await form.getByLabel('Kind').selectOption('EMAIL');
  await form.getByLabel('Recipients, one a line').fill('julia@truth.org\n\nnot-an-address@');
  await form.getByLabel('Message').fill('Our terms change on Friday.');
  await form.getByRole('button', { name: 'Send to all' }).click();
  await expectText(
    form.locator('[data-field="input.recipients"] .field-error'),
    'Line 3: email must be an email address.',
  );
  await expectText(form.locator('[data-field="input.subject"] .field-error'), 'subject');
  expect(web.stack.upstream('POST /messages')).toHaveLength(0);

  // The emulator's users, one in each pasted form; Bartleby takes no emails.
  await form.getByRole('button', { name: 'Fill in the emulator’s users' }).click();
  await expectText(form.locator('#recipients-help'), '5 recipients.');
  await form.getByLabel('Subject').fill('New terms');
  await form.getByRole('button', { name: 'Send to all' }).click();
  await expectText(form.getByRole('status'), 'Queued: batch');

  await progressReaches(page, 100, 'COMPLETED');
  const batch = page.getByRole('region', { name: 'Batch' });
  await expectText(batch.getByRole('status'), '5 of 5 done: 4 sent, 1 failed, 0 unknown');
  const failures = batch.getByRole('table', { name: 'FAILED recipients' });
  await expectText(failures, bartleby.email);
  const failure = failures.locator('tbody tr');
  expect(await failure.count()).toBe(1);
  await expectText(failure, 'RECIPIENT_UNSUBSCRIBED');
  await expectText(failure, 'The contact unsubscribed from emails.');
  // The batch's own page: its id in the address, listed among the recent sends.
  expect(page.url()).toContain(`#/bulk/${await batch.getAttribute('data-batch-id')}`);
  await expectText(page.getByRole('region', { name: 'Recent bulk sends' }), '4 of 5 sent');
  await shoot(page, '08-bulk-progress');

  // One request to Intercom a recipient: four taken, Bartleby's refused.
  expect(web.stack.upstream('POST /messages')).toHaveLength(5);
});

it('pauses a batch under way, resumes it to the end, and cancels another', async () => {
  const contacts = Array.from(
    { length: 5 },
    (_, index) =>
      web.stack.emulator.control.createContact({ email: `paused-${index}@example.com` }).id,
  );
  // Slow answers from Intercom, so that the batch is still under way when it is paused.
  web.stack.emulator.control.addFault({ route: 'POST /messages', latencyMs: 1000, times: 0 });
  const page = await openBulk();
  const form = page.getByRole('form', { name: 'Bulk message' });
  await form.getByLabel('Recipients, one a line').fill(contacts.join('\n'));
  await form.getByLabel('Message').fill('Your trial ends on Friday.');
  await form.getByRole('button', { name: 'Send to all' }).click();

  const batch = page.getByRole('region', { name: 'Batch' });
  await page
    .getByRole('progressbar', { name: 'Recipients done' })
    .and(page.locator(':not([aria-valuenow="0"])'))
    .waitFor({ timeout: 20_000 });
  await batch.getByRole('button', { name: 'Pause' }).click();
  await expectText(page.getByTestId('batch-state'), 'PAUSED');
  await shoot(page, '09-bulk-paused');

  web.stack.emulator.control.clearFaults();
  await batch.getByRole('button', { name: 'Resume' }).click();
  await progressReaches(page, 100, 'COMPLETED');
  await expectText(batch.getByRole('status'), '5 of 5 done: 5 sent, 0 failed');
  for (const contact of contacts) expect(messagesTo(contact)).toBe(1);

  // Another batch, cancelled while under way: what is left stays pending and is never sent.
  web.stack.emulator.control.addFault({ route: 'POST /messages', latencyMs: 1000, times: 0 });
  await form.getByLabel('Message').fill('Your trial ends on Saturday.');
  await form.getByRole('button', { name: 'Send to all' }).click();
  await expectText(page.getByTestId('batch-state'), 'RUNNING');
  await batch.getByRole('button', { name: 'Cancel' }).click();
  await expectText(page.getByTestId('batch-state'), 'CANCELLED');
  await expectText(batch.getByRole('status'), 'the pending recipients are never sent');
  await batch
    .getByRole('status')
    .filter({ hasText: / [1-9] pending/ })
    .waitFor();
  expect(await batch.getByRole('button', { name: 'Pause' }).count()).toBe(0);
});
