import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with the network off: every host name but the loopback
 * address fails to resolve, so a page that needs the internet shows it.
 */
export function launchOffline(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}
