import { GraphQLError } from 'graphql';
import {
  Arg,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import { assertMayControlBatches, assertMaySendBulk, batchViewerFor } from '../auth/policy';
import type { MessageBatch as BatchModel, RecipientState } from '../bulk/batch.model';
import { BatchNotFoundError, BatchStateError, BulkLimitError } from '../bulk/bulk-errors';
import type { BulkSends } from '../bulk/bulk-sends';
import { bulkSendsOf } from '../bulk/open-bulk-sends';
import { InputError, LedgerOffError, NotFoundError, type FieldError } from '../domain-errors';
import { RecipientType } from '../messages/message.model';
import { BulkAdminMessageInput } from './bulk-admin-message.input';
import type { GatewayContext } from './context';
import { BatchMessageConnection, MessageBatch, MessageBatchConnection } from './message-batch.type';
import { MessageState } from './sent-message.type';
import { validatorFor } from './validate-input';
import { connectionOf } from './connection';
import { withinReadBudget } from './ledger-read-budget';

const PAGE_MAX = 100;
const validateInput = validatorFor('input');

/** Bulk sends live in the ledger's database: without it there are none. */
function bulkOf(context: GatewayContext): BulkSends {
  const bulk = bulkSendsOf(context.ledger);
  if (!bulk) throw new LedgerOffError();
  return bulk;
}

/** The domain's refusals with their codes. */
async function answered<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BatchNotFoundError) throw new NotFoundError(error.message);
    if (error instanceof BulkLimitError) {
      throw new GraphQLError(error.message, { extensions: { code: 'BULK_LIMIT_EXCEEDED' } });
    }
    if (error instanceof BatchStateError) {
      throw new GraphQLError(error.message, { extensions: { code: 'BATCH_STATE_CONFLICT' } });
    }
    throw error;
  }
}

function assertPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > PAGE_MAX) {
    throw new InputError([
      { field: 'first', message: `first must be a whole number from 1 to ${PAGE_MAX}.` },
    ]);
  }
}

/**
 * The whole batch's input, before anything is written or sent: its size first (a long list
 * costs nothing to refuse), then every rule of sendAdminMessage for each recipient, and the
 * rules of the configured Intercom version.
 */
function validateBulkInput(input: BulkAdminMessageInput, maxRecipients: number, version: string) {
  const recipients: unknown = input.recipients;
  if (!Array.isArray(recipients) || recipients.length === 0) {
    throw new InputError([
      { field: 'input.recipients', message: 'recipients must name at least one contact.' },
    ]);
  }
  if (recipients.length > maxRecipients) {
    throw new InputError([
      {
        field: 'input.recipients',
        message: `recipients may name at most ${maxRecipients} contacts (BULK_MAX_RECIPIENTS).`,
      },
    ]);
  }
  validateInput(input);
  if (!version.startsWith('1.')) return;
  const errors: FieldError[] = [];
  if (input.createConversationWithoutContactReply != null) {
    errors.push({
      field: 'input.createConversationWithoutContactReply',
      message: `Intercom API ${version} has no such option: it needs 2.0 or later.`,
    });
  }
  input.recipients.forEach((to, index) => {
    if (to.type === RecipientType.LEAD && !to.id && !to.userId) {
      errors.push({
        field: `input.recipients.${index}`,
        message: `On Intercom API ${version} a lead is named by id or userId.`,
      });
    }
  });
  if (errors.length > 0) throw new InputError(errors);
}

@Resolver(() => MessageBatch)
export class MessageBatchResolver {
  @Mutation(() => MessageBatch, {
    description:
      'Send one admin message to many contacts. Answers at once with the batch (QUEUED); the sends happen in the background, each recipient at most once, behind live traffic.',
  })
  sendBulkAdminMessage(
    @Arg('input', () => BulkAdminMessageInput) input: BulkAdminMessageInput,
    @Ctx() context: GatewayContext,
  ): Promise<BatchModel> {
    const bulk = bulkOf(context);
    validateBulkInput(input, bulk.limits.maxRecipients, context.messages.intercomVersion);
    assertMaySendBulk(context.principal, input.from.id);
    return answered(() =>
      bulk.create({
        clientId: context.principal.id,
        idempotencyKey: input.idempotencyKey ?? null,
        message: {
          messageType: input.messageType,
          subject: input.subject ?? null,
          body: input.body,
          template: input.template ?? null,
          fromAdminId: input.from.id,
          createConversationWithoutContactReply: input.createConversationWithoutContactReply,
        },
        recipients: input.recipients,
      }),
    );
  }

  @Query(() => MessageBatch, {
    nullable: true,
    description:
      'A bulk send; null when there is none the caller may see (its creator, or messages:read:any).',
  })
  messageBatch(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GatewayContext,
  ): Promise<BatchModel | null> {
    const viewer = batchViewerFor(context.principal);
    const bulk = bulkOf(context);
    return withinReadBudget(context, () => bulk.find(id, viewer));
  }

  @Query(() => MessageBatchConnection, {
    description: `Bulk sends the caller may see, newest first (at most ${PAGE_MAX} a page).`,
  })
  async messageBatches(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() context: GatewayContext,
  ) {
    const viewer = batchViewerFor(context.principal);
    assertPageSize(first);
    const bulk = bulkOf(context);
    const page = await withinReadBudget(context, () => bulk.page(viewer, first, after ?? null));
    return connectionOf(page.batches, (node) => node.id, page.hasNextPage, after);
  }

  @Mutation(() => MessageBatch, {
    description: 'Stops a queued or running batch after the sends under way; resumable.',
  })
  pauseMessageBatch(@Arg('id', () => ID) id: string, @Ctx() context: GatewayContext) {
    return this.control(context, (bulk, viewer) => bulk.pause(id, viewer));
  }

  @Mutation(() => MessageBatch, { description: 'Goes on with a paused batch where it stopped.' })
  resumeMessageBatch(@Arg('id', () => ID) id: string, @Ctx() context: GatewayContext) {
    return this.control(context, (bulk, viewer) => bulk.resume(id, viewer));
  }

  @Mutation(() => MessageBatch, {
    description:
      'Stops a batch for good: the sends under way are still recorded; recipients left stay PENDING and are never sent.',
  })
  cancelMessageBatch(@Arg('id', () => ID) id: string, @Ctx() context: GatewayContext) {
    return this.control(context, (bulk, viewer) => bulk.cancel(id, viewer));
  }

  @FieldResolver(() => BatchMessageConnection, {
    description: "The batch's recipients in order, each with its send's outcome.",
  })
  async messages(
    @Root() batch: BatchModel,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('state', () => MessageState, { nullable: true }) state: MessageState | null,
    @Ctx() context: GatewayContext,
  ) {
    assertPageSize(first);
    const afterPosition = after == null ? null : Number(after);
    if (afterPosition !== null && !(/^\d{1,9}$/.test(after ?? '') && afterPosition >= 0)) {
      throw new InputError([{ field: 'after', message: 'after is not a cursor of this list.' }]);
    }
    const bulk = bulkOf(context);
    const page = await withinReadBudget(context, () =>
      bulk.recipients(batch.id, (state as RecipientState | null) ?? null, first, afterPosition),
    );
    return connectionOf(page.recipients, (node) => String(node.position), page.hasNextPage, after);
  }

  @Subscription(() => MessageBatch, {
    description:
      "A batch's progress: now, then its counts at most twice a second while they change, and its final state (COMPLETED or CANCELLED), then the end.",
    subscribe: ({
      args,
      context,
    }: SubscribeResolverData<unknown, Record<string, unknown>, GatewayContext>) => {
      const viewer = batchViewerFor(context.principal);
      const { id } = args as { id: string };
      return answered(() => bulkOf(context).watch(id, viewer));
    },
  })
  messageBatchProgress(@Root() batch: BatchModel, @Arg('id', () => ID) _id: string): BatchModel {
    return batch;
  }

  private control(
    context: GatewayContext,
    act: (bulk: BulkSends, viewer: { clientId: string; all: boolean }) => Promise<BatchModel>,
  ): Promise<BatchModel> {
    assertMayControlBatches(context.principal);
    const bulk = bulkOf(context);
    // Only the batch's creator controls it.
    return answered(() => act(bulk, { clientId: context.principal.id, all: false }));
  }
}
