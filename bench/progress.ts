/**
 * What the bench is doing, said as it goes: a line when a scenario starts and ends, one for each
 * phase it names, and a heartbeat at least every 10 s while it runs, so that a long scenario is
 * never silent.
 */
const HEARTBEAT_MS = 5000;

let current: { name: string; phase: string; startedAt: number } | undefined;

const elapsed = (since: number) => `${Math.round((Date.now() - since) / 1000)} s`;
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Runs one scenario, announcing it, its phases and its end. */
export async function scenario<T>(name: string, run: () => Promise<T>): Promise<T> {
  const state = { name, phase: 'running', startedAt: Date.now() };
  current = state;
  say(`${name}: started`);
  const heartbeat = setInterval(
    () => say(`${name}: ${state.phase} (${elapsed(state.startedAt)} so far)`),
    HEARTBEAT_MS,
  );
  try {
    const result = await run();
    say(`${name}: done in ${elapsed(state.startedAt)}`);
    return result;
  } finally {
    clearInterval(heartbeat);
    current = undefined;
  }
}

/** Names what the running scenario does now (printed at once, and in its heartbeats). */
export function phase(text: string): void {
  if (!current) return;
  current.phase = text;
  say(`${current.name}: ${text}`);
}
