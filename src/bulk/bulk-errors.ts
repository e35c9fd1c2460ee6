/** What bulk sends refuse, in the domain's words (the GraphQL layer gives each its code). */

/** A client's per-client limits leave no room for this batch (BULK_LIMIT_EXCEEDED). */
export class BulkLimitError extends Error {
  override readonly name = 'BulkLimitError';
}

/** No batch with this id that the caller may see (NOT_FOUND). */
export class BatchNotFoundError extends Error {
  override readonly name = 'BatchNotFoundError';

  constructor() {
    super('There is no message batch with this id that your credentials may see.');
  }
}

/** The batch is not in a state that allows this (BATCH_STATE_CONFLICT). */
export class BatchStateError extends Error {
  override readonly name = 'BatchStateError';
}
