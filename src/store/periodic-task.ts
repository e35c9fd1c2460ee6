/**
 * Runs `task` now and then every `intervalMs`, never two runs at once; the timer keeps no
 * process alive. `stop` ends it and waits for the run under way, so that what the task uses
 * (a database) is never closed beneath it. The task reports its own failures.
 */
export function periodicTask(
  task: () => Promise<void>,
  intervalMs: number,
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const runOnce = () => {
    running ??= task()
      .catch(() => undefined)
      .finally(() => (running = undefined));
  };
  runOnce();
  const timer = setInterval(runOnce, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
