import { loadConfig } from '../../src/config';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { IntercomClient } from '../../src/intercom/client';

/**
 * A call that reaches the Intercom client after it was closed (a bulk send the quota let go as
 * the gateway stopped) writes nothing, and says so: nothing may have been sent, so the send may
 * be made again later instead of being left in doubt for good.
 */
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());

it('refuses a send after close as not sent, and nothing reaches Intercom', async () => {
  const { intercom } = loadConfig({});
  const client = new IntercomClient({
    ...intercom,
    baseUrl: emulator.url,
    accessToken: emulator.accessToken,
  });
  await client.close();
  const failure = await client
    .request({ method: 'POST', path: '/messages', body: {}, kind: 'send', route: 'POST /messages' })
    .catch((error: unknown) => error);
  expect(failure).toMatchObject({ name: 'IntercomShutdownError', mayHaveBeenSent: false });
  expect(emulator.control.requests()).toEqual([]);
});
