/**
 * Resolves once `condition` holds, looking again after each turn of the event loop: for waiting
 * on something the servers under test do (never a fixed sleep).
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((wake) => setImmediate(wake));
}
