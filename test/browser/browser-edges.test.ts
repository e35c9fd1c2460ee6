import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchOffline } from '../helpers/browser';
import { startStack, type Stack } from '../helpers/stack';

/**
 * What a real Chromium does with the gateway's pages and headers: the Sandbox page under its
 * policy, a frontend on another origin following the CSRF refusal's advice, a page that tries to
 * frame the gateway's.
 */
let stack: Stack;
let browser: Browser;
let frontend: Server;
let frontendUrl: string;

/** A frontend on another port of this machine (an origin the development defaults allow). */
const FRONTEND_PAGE = (graphqlUrl: string) => `<!doctype html>
<html><body>
<iframe id="framed" src="${graphqlUrl}"></iframe>
<script>
  window.runQuery = async () => {
    const query = encodeURIComponent('query Version { intercomApiVersion }');
    const answer = await fetch('${graphqlUrl}?query=' + query, {
      headers: { 'x-apollo-operation-name': 'Version' },
    });
    return answer.json();
  };
</script>
</body></html>`;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchOffline();
  const page = FRONTEND_PAGE(stack.gateway.graphqlUrl);
  frontend = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  await new Promise<void>((resolve) => frontend.listen(0, '127.0.0.1', resolve));
  frontendUrl = `http://127.0.0.1:${(frontend.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => frontend?.close(resolve));
  await stack?.close();
});

async function withPage<T>(run: (page: Page, console: string[]) => Promise<T>): Promise<T> {
  const page = await browser.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(message.text()));
  try {
    return await run(page, console);
  } finally {
    await page.close();
  }
}

it('runs the Sandbox page under its policy: nothing of its own is refused, and it still falls back', async () => {
  await withPage(async (page, console) => {
    await page.goto(stack.gateway.graphqlUrl);
    await page.waitForURL('**/graphiql');
    expect(console.filter((line) => line.includes('Content Security Policy'))).toEqual([]);
  });
});

it('lets a frontend on another origin send x-apollo-operation-name, as the CSRF refusal advises', async () => {
  await withPage(async (page) => {
    await page.goto(frontendUrl);
    expect(await page.evaluate(() => (window as any).runQuery())).toEqual({
      data: { intercomApiVersion: '2.14' },
    });
  });
});

it('refuses to show the gateway’s page in another page’s frame', async () => {
  await withPage(async (page, console) => {
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(frontendUrl);
    await page.waitForFunction(() => document.readyState === 'complete');
    expect(console.join('\n')).toContain("frame-ancestors 'none'");
    // Refused at /graphql: the Sandbox page never ran in the frame (it would move on to GraphiQL).
    expect(requested).toContain('/graphql');
    expect(requested).not.toContain('/graphiql');
  });
});
