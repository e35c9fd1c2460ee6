import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { ledgerReaderFor } from '../auth/policy';
import { InputError, LedgerOffError } from '../domain-errors';
import type { LedgerEntry, MessageLedger } from '../ledger/ledger.model';
import type { GatewayContext } from './context';
import { IntercomIdArg, ValidatedArg } from './validate-input';
import { SentMessage, SentMessageConnection, SentMessageFilter } from './sent-message.type';
import { connectionOf } from './connection';
import { withinReadBudget } from './ledger-read-budget';

const PAGE_MAX = 100;
const ENTRY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function ledgerOf(context: GatewayContext): MessageLedger {
  if (!context.ledger) throw new LedgerOffError();
  return context.ledger;
}

/** One history read within the client's read budget (`withinReadBudget`). */
function budgeted<T>(
  context: GatewayContext,
  read: (ledger: MessageLedger) => Promise<T>,
): Promise<T> {
  const ledger = ledgerOf(context);
  return withinReadBudget(context, () => read(ledger));
}

@Resolver()
export class LedgerResolver {
  @Query(() => SentMessage, {
    nullable: true,
    description:
      "A send or reply the gateway recorded, by its id or Intercom's message id; null when there is none the caller may see.",
  })
  message(
    @IntercomIdArg('id') id: string,
    @Ctx() context: GatewayContext,
  ): Promise<LedgerEntry | null> {
    const reader = ledgerReaderFor(context.principal);
    return budgeted(context, (ledger) => ledger.find(id, reader));
  }

  @Query(() => SentMessageConnection, {
    description: `What the gateway sent, newest first (at most ${PAGE_MAX} a page). A JWT sees what its admins sent and what was sent to or by its person; API keys see everything.`,
  })
  async messages(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @ValidatedArg('filter', () => SentMessageFilter, { nullable: true })
    filter: SentMessageFilter | null,
    @Ctx() context: GatewayContext,
  ) {
    const reader = ledgerReaderFor(context.principal);
    if (!Number.isInteger(first) || first < 1 || first > PAGE_MAX) {
      throw new InputError([
        { field: 'first', message: `first must be a whole number from 1 to ${PAGE_MAX}.` },
      ]);
    }
    if (after != null && !ENTRY_ID.test(after)) {
      throw new InputError([{ field: 'after', message: 'after is not a cursor of this list.' }]);
    }
    const page = await budgeted(context, (ledger) =>
      ledger.page(reader, filter ?? {}, first, after ?? null),
    );
    return connectionOf(page.entries, (node) => node.id, page.hasNextPage, after);
  }
}
