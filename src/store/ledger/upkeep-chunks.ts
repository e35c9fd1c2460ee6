/**
 * Rows one upkeep statement deletes (or expires) at most: each statement stays well within
 * DATABASE_TIMEOUT_MS however much is due (after a long outage, or when a large day reaches its
 * retention), and on the embedded engine holds the gateway's thread for a moment only. One
 * statement for everything due would run past its deadline, be cut (opening the ledger's
 * circuit), roll back, and be tried again whole at the next upkeep, never getting anywhere.
 */
export const UPKEEP_CHUNK_ROWS = 2_000;

/** How long one upkeep step goes on at most: what is left waits for the next upkeep. */
export const UPKEEP_BUDGET_MS = 10_000;

/**
 * Does what is due, `chunk(limit)` at a time (each touching at most `limit` rows and answering
 * how many), until less than a chunk is left or the budget is spent. Answers how many in all.
 */
export async function inUpkeepChunks(
  chunk: (limit: number) => Promise<number>,
  limit = UPKEEP_CHUNK_ROWS,
): Promise<number> {
  const stopAt = Date.now() + UPKEEP_BUDGET_MS;
  let total = 0;
  for (;;) {
    const done = await chunk(limit);
    total += done;
    if (done < limit || Date.now() >= stopAt) return total;
  }
}
