/**
 * Rows one upkeep statement deletes at most: each statement stays well within
 * DATABASE_TIMEOUT_MS however much is due (after a long outage, or when a large day reaches its
 * retention), and on the embedded engine holds the gateway's thread for a moment only. One
 * statement for everything due would run past its deadline, be cut (opening the ledger's
 * circuit), roll back, and be tried again whole at the next upkeep, never getting anywhere.
 */
export const DELETE_CHUNK_ROWS = 2_000;

/** How long one upkeep deletes at most: what is left waits for the next upkeep. */
export const DELETE_BUDGET_MS = 10_000;

/**
 * Deletes what is due, `deleteChunk(limit)` at a time (each deleting at most `limit` rows and
 * answering how many), until less than a chunk is left or the budget is spent. Answers how many.
 */
export async function deleteInChunks(
  deleteChunk: (limit: number) => Promise<number>,
  limit = DELETE_CHUNK_ROWS,
): Promise<number> {
  const stopAt = Date.now() + DELETE_BUDGET_MS;
  let total = 0;
  for (;;) {
    const deleted = await deleteChunk(limit);
    total += deleted;
    if (deleted < limit || Date.now() >= stopAt) return total;
  }
}
