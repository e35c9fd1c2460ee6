/** `acquire`: the wait for a pooled connection while every one was busy. */
export type DatabaseStep = 'acquire' | 'connect' | 'query';

/** A database step that did not finish within DATABASE_TIMEOUT_MS, judged by the gateway's clock. */
export class DatabaseTimeoutError extends Error {
  override readonly name = 'DatabaseTimeoutError';

  constructor(
    readonly step: DatabaseStep,
    timeoutMs: number,
  ) {
    super(
      step === 'acquire'
        ? `no connection to the ledger's database came free within ${timeoutMs} ms (DATABASE_MAX_CONNECTIONS)`
        : `the ledger's database did not answer a ${step} within ${timeoutMs} ms`,
    );
  }
}

/**
 * A step that found every pooled connection busy until its deadline: the load outgrew
 * DATABASE_MAX_CONNECTIONS; the database itself may be fine.
 */
export function isPoolBusyError(error: unknown): boolean {
  return error instanceof DatabaseTimeoutError && error.step === 'acquire';
}

/**
 * SQLSTATE classes that blame the row, not the database: data exceptions (22: text PostgreSQL
 * cannot store, a value out of range), integrity violations (23) and program limits (54: a
 * value too large for an index). Such a write fails on every try and must fail alone; any
 * other error (a lost connection, a timeout, a shutdown) may pass and is worth retrying.
 */
const ROW_ERROR_CLASSES = new Set(['22', '23', '54']);

/** Whether a failed write failed because of its own values (retrying it cannot help). */
export function isRowError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && ROW_ERROR_CLASSES.has(code.slice(0, 2));
}

/** A database error as a log may show it: its class and code, never the values it quotes. */
export function describeDatabaseError(error: unknown): { name: string; code?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  const name = error instanceof Error ? error.name : 'Error';
  return typeof code === 'string' && /^[0-9A-Z_]{1,32}$/.test(code) ? { name, code } : { name };
}
