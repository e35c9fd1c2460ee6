import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchOffline } from '../helpers/browser';
import { startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/until';

/**
 * The example frontend (examples/web) as a person uses it: its Vite dev server in front of a
 * gateway with the emulator, driven in Debian's Chromium. Each step leaves a screenshot in
 * examples/web/screenshots/latest/.
 */
const web = resolve(__dirname, '../../examples/web');
const vite = resolve(web, 'node_modules/vite/bin/vite.js');
const screenshots = resolve(web, 'screenshots/latest');

if (!existsSync(vite)) {
  throw new Error('examples/web is not installed: run `npm ci --prefix examples/web` first.');
}
mkdirSync(screenshots, { recursive: true });

/** The example's dev server, proxying /graphql to `gatewayUrl`; resolves with its address. */
async function startVite(
  gatewayUrl: string,
): Promise<{ url: string; child: ChildProcessWithoutNullStreams }> {
  const child = spawn(process.execPath, [vite, '--host', '127.0.0.1', '--port', '0'], {
    cwd: web,
    env: { PATH: process.env.PATH ?? '', GATEWAY_URL: gatewayUrl, NO_COLOR: '1' },
  });
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  await until(
    () => /Local:\s+http:\/\/127\.0\.0\.1:\d+\//.test(printed) || child.exitCode !== null,
  );
  const match = /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(printed);
  if (!match) throw new Error(`Vite did not start: ${printed}`);
  return { url: match[1] as string, child };
}

async function stopVite(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export const shoot = (page: Page, name: string) =>
  page.screenshot({ path: resolve(screenshots, `${name}.png`), fullPage: true });

/** A gateway with the emulator (ledger on), the app's dev server in front of it, and Chromium. */
export interface WebApp {
  stack: Stack;
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startWebApp(env: Record<string, string>): Promise<WebApp> {
  const stack = await startStack({ ledger: true, env });
  const app = await startVite(stack.gateway.url);
  const browser = await launchOffline();
  return {
    stack,
    url: app.url,
    browser,
    async close() {
      await browser.close();
      await stopVite(app.child);
      await stack.close();
    },
  };
}

/** Waits (Playwright's own polling, no fixed sleep) until the element holds the text. */
export async function expectText(
  locator: ReturnType<Page['locator']>,
  text: string,
): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: 20_000 });
}
