/**
 * Resolves once `condition` holds, looking again after each turn of the event loop: for waiting
 * on something the servers under test do (never a fixed sleep).
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((wake) => setImmediate(wake));
}

/**
 * Resolves with the first answer of `ask` that `holds`, asking again after each answer: for
 * waiting on a state only a request can observe (never a fixed sleep).
 */
export async function eventually<T>(
  ask: () => Promise<T>,
  holds: (answer: T) => boolean,
): Promise<T> {
  for (;;) {
    const answer = await ask();
    if (holds(answer)) return answer;
    await new Promise((wake) => setImmediate(wake));
  }
}
