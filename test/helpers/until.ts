/**
 * The longest any wait below goes on: as long as the longest test may run. A wait that outlives
 * its test (one that timed out) would otherwise turn the event loop for ever, burning a core and
 * keeping its Jest worker from exiting.
 */
const GIVE_UP_MS = 60_000;

const gaveUp = (what: string): Error =>
  new Error(`${what}: still not so after ${GIVE_UP_MS / 1000} s, so this wait gave up.`);

/**
 * Resolves once `condition` holds, looking again after each turn of the event loop: for waiting
 * on something the servers under test do (never a fixed sleep).
 */
export async function until(condition: () => boolean): Promise<void> {
  const giveUpAt = Date.now() + GIVE_UP_MS;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw gaveUp(`until(${condition.toString().slice(0, 200)})`);
    await new Promise((wake) => setImmediate(wake));
  }
}

/**
 * Resolves with the first answer of `ask` that `holds`, asking again after each answer: for
 * waiting on a state only a request can observe (never a fixed sleep).
 */
export async function eventually<T>(
  ask: () => Promise<T>,
  holds: (answer: T) => boolean,
): Promise<T> {
  const giveUpAt = Date.now() + GIVE_UP_MS;
  for (;;) {
    const answer = await ask();
    if (holds(answer)) return answer;
    if (Date.now() > giveUpAt) throw gaveUp(`eventually(${holds.toString().slice(0, 200)})`);
    await new Promise((wake) => setImmediate(wake));
  }
}
