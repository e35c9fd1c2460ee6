import { CANCELLED, cancellable } from '../../src/realtime/cancellable';

/**
 * A stream its consumer returned while it waited: what it waits for afterwards (a poll of
 * Intercom, a budget charge) may still fail, and such a failure is nobody's to handle. It must
 * not escape as an unhandled rejection: the gateway stops on those.
 */
it('lets a wait that fails after its consumer left fail quietly', async () => {
  let failPoll!: (error: Error) => void;
  const poll = new Promise<never>((_, reject) => (failPoll = reject));
  let entered!: () => void;
  const waiting = new Promise<void>((resolve) => (entered = resolve));
  let ended!: (how: unknown) => void;
  const end = new Promise((resolve) => (ended = resolve));
  const stream = cancellable(async function* (cancelled) {
    yield 'first';
    entered();
    // The consumer leaves during a step that is not a race (a lookup, say)...
    await new Promise((resolve) => setImmediate(resolve));
    // ...and the stream waits again, on a poll made before it saw the cancellation.
    ended(await cancelled.race([poll]));
  });
  expect(await stream.next()).toEqual({ value: 'first', done: false });
  const next = stream.next();
  await waiting;
  const returned = stream.return(undefined);
  expect(await end).toBe(CANCELLED);
  failPoll(new Error('the poll failed after the client left'));
  await Promise.all([next, returned]);
  // A rejection nobody handled is reported once the microtasks ran, by the next macrotask, and
  // Jest fails the test it escaped from.
  await new Promise((resolve) => setImmediate(resolve));
});
