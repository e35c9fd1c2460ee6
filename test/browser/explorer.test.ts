import type { Browser, Page } from 'playwright-core';
import { SendAdminMessageDocument } from '../../generated/graphql/graphql';
import { SEED } from '../../src/emulator';
import { launchOffline } from '../helpers/browser';
import { startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/until';

/**
 * The explorer a developer opens at /graphql, in a real Chromium without internet: Apollo
 * Sandbox cannot load from its CDN, so the page moves to the self-hosted GraphiQL, which runs a
 * query and receives a subscription's event, and asks nothing of any other host.
 */
let stack: Stack;
let browser: Browser;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchOffline();
  page = await browser.newPage();
  page.on('request', (request) => requested.push(request.url()));
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** GraphiQL's editors are CodeMirror instances; tests set and read them as a user's typing would. */
const setEditor = (selector: string, value: string) =>
  page.evaluate(
    ([css, text]) => (document.querySelector(css as string) as any).CodeMirror.setValue(text),
    [selector, value],
  );
const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';

/** Sets the operation, and waits until GraphiQL has read it (its tab takes the operation's name). */
async function setOperation(name: string, text: string): Promise<void> {
  await setEditor(QUERY_EDITOR, text);
  await page.waitForSelector(`.graphiql-tab-button:text-is("${name}")`);
}
const VARIABLES_EDITOR = '.graphiql-editor-tool .graphiql-editor .CodeMirror';
const result = () =>
  page.evaluate(() =>
    (document.querySelector('.result-window .CodeMirror') as any).CodeMirror.getValue(),
  );

async function resultContaining(text: string): Promise<string> {
  await page.waitForFunction(
    (expected) =>
      (
        (document.querySelector('.result-window .CodeMirror') as any)?.CodeMirror.getValue() ?? ''
      ).includes(expected),
    text,
  );
  return result();
}

it('opens GraphiQL at /graphql when Sandbox cannot load, with nothing fetched from elsewhere', async () => {
  await page.goto(stack.gateway.graphqlUrl);
  await page.waitForURL('**/graphiql');
  await page.waitForSelector(QUERY_EDITOR);
  const origin = new URL(stack.gateway.url).origin;
  const fromGraphiQL = requested.slice(requested.indexOf(`${origin}/graphiql`));
  expect(fromGraphiQL.length).toBeGreaterThan(2);
  expect(fromGraphiQL.filter((url) => new URL(url).origin !== origin)).toEqual([]);
});

it('runs a query', async () => {
  await setOperation('Version', 'query Version { intercomApiVersion }');
  await page.click('.graphiql-execute-button');
  expect(JSON.parse(await resultContaining('intercomApiVersion'))).toEqual({
    data: { intercomApiVersion: '2.14' },
  });
});

it('receives a subscription’s event over graphql-ws', async () => {
  const sent = await stack.execute(SendAdminMessageDocument, {
    input: {
      messageType: 'IN_APP',
      body: 'Watched from GraphiQL',
      from: { id: SEED.admins.wash.id },
      to: { type: 'USER', id: SEED.users.thisLand.id },
    },
  });
  const messageId = sent.body.data?.sendAdminMessage.id as string;
  await setOperation(
    'Started',
    'subscription Started($messageId: ID!, $contact: ContactInput!) { conversationStarted(messageId: $messageId, contact: $contact) { id source { id } } }',
  );
  await setEditor(
    VARIABLES_EDITOR,
    JSON.stringify({ messageId, contact: { type: 'USER', id: SEED.users.thisLand.id } }),
  );
  await page.click('.graphiql-execute-button');
  // Listening once the gateway has checked the contact, before waiting for Intercom's webhook.
  await until(() => stack.upstream('GET /contacts/:id').length > 0);
  stack.emulator.control.playReply(messageId, 'Seen live');
  const shown = JSON.parse(await resultContaining(messageId));
  expect(shown.data.conversationStarted.source).toEqual({ id: messageId });
});
