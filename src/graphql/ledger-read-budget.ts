import { GraphQLError } from 'graphql';
import { LedgerBusyError, readGateOf } from '../ledger/ledger-read-gate';
import type { GatewayContext } from './context';

/**
 * One read of the ledger's database (history, bulk batches) within the client's read budget, so
 * that sends keep their connections; past it, LEDGER_BUSY with when to try again. With the
 * ledger off there is no database to share.
 */
export async function withinReadBudget<T>(
  context: GatewayContext,
  read: () => Promise<T>,
): Promise<T> {
  const ledger = context.ledger;
  if (!ledger) return read();
  try {
    return await readGateOf(ledger).run(context.principal.id, read);
  } catch (error) {
    if (!(error instanceof LedgerBusyError)) throw error;
    throw new GraphQLError(error.message, {
      extensions: { code: 'LEDGER_BUSY', retryAfterSeconds: error.retryAfterSeconds },
    });
  }
}
