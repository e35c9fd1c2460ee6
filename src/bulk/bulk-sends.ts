import { EventEmitter } from 'node:events';
import { IdempotencyOutcomeUnknownError } from '../domain-errors';
import { IntercomConnectionsBusyError } from '../intercom/errors';
import type { Logger } from '../logger';
import { fingerprintOf } from '../messages/idempotency';
import type { ContactReference, RecipientType, SentAdminMessage } from '../messages/message.model';
import type { SendOptions } from '../messages/message.service';
import type { AdminMessageRequest } from '../messages/message.model';
import { CANCELLED, cancellable, type Cancelled } from '../realtime/cancellable';
import type { BatchEngine, BatchSlice } from './batch-engine';
import {
  FINISHED_STATES,
  type BatchMessage,
  type BatchRecipient,
  type BatchState,
  type BatchViewer,
  type MessageBatch,
  type RecipientOutcome,
  type RecipientState,
} from './batch.model';
import type { BatchStore, OpenLoad } from './batch-store';
import { BatchNotFoundError, BatchStateError, BulkLimitError } from './bulk-errors';
import type { BulkMetrics } from './bulk-metrics';
import { outcomeOfFailure, outcomeOfLedgerEntry } from './recipient-outcome';
import { distinctRecipients } from './recipients';

export interface BulkLimits {
  /** BULK_MAX_RECIPIENTS: most recipients in one batch, duplicates removed. */
  readonly maxRecipients: number;
  readonly clientMaxOpenBatches: number;
  readonly clientMaxPendingRecipients: number;
}

/** Progress is told at most this often (twice a second), and the final state always. */
const PROGRESS_INTERVAL_MS = 500;
/** Without a change seen here, progress looks at the database this often (other replicas). */
const PROGRESS_LOOK_MS = 1000;

/** The sends of a batch: an admin message service in the bulk lane of the quota. */
export interface BulkMessages {
  sendAdminMessage(request: AdminMessageRequest, options: SendOptions): Promise<SentAdminMessage>;
}

export interface NewBulkSend {
  readonly clientId: string;
  readonly idempotencyKey: string | null;
  readonly message: BatchMessage;
  readonly recipients: readonly ContactReference<RecipientType>[];
}

export interface BulkTiming {
  /**
   * How long one job may go on starting sends: well inside its lease, so that a job never
   * outlives it (the job engine would hand it to another worker while this one still sends,
   * and a few big jobs would keep the other replicas idle). What is left is queued anew.
   */
  readonly sliceBudgetMs?: number;
  /**
   * IDEMPOTENCY_TTL_SECONDS in ms: how long a recipient's claim is kept. In a batch older than
   * that (paused a long time), a claim may be gone: the recipient's ledger entry says instead
   * whether it was attempted.
   */
  readonly claimTtlMs?: number;
}

/** The slice is left to be taken again (the process stops, or a send must wait). */
class SliceDeferredError extends Error {
  override readonly name = 'SliceDeferredError';
}

const sleep = (ms: number) => new Promise<void>((wake) => setTimeout(wake, ms).unref());

/**
 * Durable bulk sends: a batch is written with its recipients and its jobs in one transaction,
 * then sent in the background by the job engine's workers on every replica. Each recipient's
 * send is a ledger entry with its own idempotency claim (`bulk/<batch>/<position>`), so a
 * recipient is sent at most once whatever process dies when: one whose send may have reached
 * Intercom is UNKNOWN and never sent again.
 */
export class BulkSends {
  private readonly changes = new EventEmitter().setMaxListeners(0);
  private stopping = false;

  constructor(
    private readonly store: BatchStore,
    private readonly engine: Pick<BatchEngine, 'enqueue' | 'wake'>,
    private readonly messages: BulkMessages,
    readonly limits: BulkLimits,
    private readonly logger: Logger,
    private readonly metrics: BulkMetrics,
    private readonly timing: BulkTiming = {},
  ) {}

  /** Writes the batch and queues its sends; answers at once, QUEUED (or the batch a key made). */
  async create(request: NewBulkSend): Promise<MessageBatch> {
    const recipients = distinctRecipients(request.recipients);
    const fingerprint = fingerprintOf('sendBulkAdminMessage', {
      message: request.message,
      recipients,
    });
    const { id, created } = await this.store.create(
      { ...request, recipients, fingerprint },
      (load) => this.admit(load, recipients.length),
      (batchId, executeSql) =>
        this.engine.enqueue(
          batchId,
          recipients.map((_, position) => position),
          executeSql,
        ),
    );
    if (created) {
      // Its jobs were queued with the batch, committed now: this replica starts on them at once.
      this.engine.wake();
      this.metrics.transitions.inc({ state: 'QUEUED' });
      this.logger.info(
        { batchId: id, client: request.clientId, state: 'QUEUED', total: recipients.length },
        'message batch queued',
      );
    }
    try {
      return await this.get(id, { clientId: request.clientId, all: false });
    } catch (error) {
      if (!created) throw error;
      // Committed, so queued: a read that fails now must not tell the client otherwise (it
      // would send the batch again). The answer is what was written.
      const total = recipients.length;
      return {
        id,
        clientId: request.clientId,
        state: 'QUEUED',
        counts: { total, sent: 0, failed: 0, unknown: 0, pending: total },
        createdAt: new Date(),
        startedAt: null,
        finishedAt: null,
      };
    }
  }

  async get(id: string, viewer: BatchViewer): Promise<MessageBatch> {
    const batch = await this.store.find(id, viewer);
    if (!batch) throw new BatchNotFoundError();
    return batch;
  }

  find(id: string, viewer: BatchViewer): Promise<MessageBatch | null> {
    return this.store.find(id, viewer);
  }

  page(viewer: BatchViewer, first: number, after: string | null) {
    return this.store.page(viewer, first, after);
  }

  recipients(
    id: string,
    state: RecipientState | null,
    first: number,
    afterPosition: number | null,
  ): Promise<{ recipients: BatchRecipient[]; hasNextPage: boolean }> {
    return this.store.recipients(id, state, first, afterPosition);
  }

  /** Stops sending after the sends under way; `resume` goes on where it stopped. */
  async pause(id: string, viewer: BatchViewer): Promise<MessageBatch> {
    await this.get(id, viewer);
    if (!(await this.move(id, ['QUEUED', 'RUNNING'], 'PAUSED'))) {
      throw new BatchStateError('Only a queued or running batch can be paused.');
    }
    return this.get(id, viewer);
  }

  async resume(id: string, viewer: BatchViewer): Promise<MessageBatch> {
    await this.get(id, viewer);
    // Running again and its jobs queued in one transaction: both, or neither.
    const to = await this.store.resume(id, (positions, executeSql) =>
      this.engine.enqueue(id, positions, executeSql),
    );
    if (to === null) throw new BatchStateError('Only a paused batch can be resumed.');
    this.moved(id, 'RUNNING');
    if (to === 'COMPLETED') this.moved(id, 'COMPLETED');
    else this.engine.wake();
    return this.get(id, viewer);
  }

  /** Sends nothing more; the sends under way are still recorded. Recipients left stay PENDING. */
  async cancel(id: string, viewer: BatchViewer): Promise<MessageBatch> {
    await this.get(id, viewer);
    if (!(await this.move(id, ['QUEUED', 'RUNNING', 'PAUSED'], 'CANCELLED'))) {
      throw new BatchStateError('The batch is finished already: there is nothing to cancel.');
    }
    return this.get(id, viewer);
  }

  /**
   * The batch as it goes: now, then at most twice a second while its counts or state change,
   * and its final state, then the end. Checked against the viewer before anything is streamed.
   */
  async watch(id: string, viewer: BatchViewer): Promise<AsyncGenerator<MessageBatch>> {
    const first = await this.get(id, viewer);
    return cancellable((cancelled) => this.progress(first, viewer, cancelled));
  }

  /**
   * Queues what batches that should be sending still hold: at the start of the one process
   * that owns an embedded database, whose jobs under way died with the previous process.
   */
  async recover(): Promise<void> {
    for (const id of await this.store.active()) await this.requeue(id);
  }

  /** One job: the PENDING recipients of a slice, one after another, while the batch runs. */
  async runSlice(slice: BatchSlice): Promise<void> {
    const work = await this.store.workOf(slice.batchId);
    if (!work || (work.state !== 'QUEUED' && work.state !== 'RUNNING')) return;
    if (work.state === 'QUEUED') await this.move(slice.batchId, ['QUEUED'], 'RUNNING');
    const recipients = await this.store.pendingIn(slice.batchId, slice.from, slice.to);
    const endsAt = Date.now() + (this.timing.sliceBudgetMs ?? Number.POSITIVE_INFINITY);
    const claimsMayBeGone =
      Date.now() - work.createdAt.getTime() >= (this.timing.claimTtlMs ?? Number.POSITIVE_INFINITY);
    let deferred = false;
    for (const recipient of recipients) {
      if (this.stopping) throw new SliceDeferredError('the gateway is stopping');
      if (Date.now() >= endsAt) {
        // Out of time: what is left (a send that had to wait too) goes back to the queue, for
        // whichever replica is free first.
        const left = await this.store.pendingIn(slice.batchId, slice.from, slice.to);
        await this.engine.enqueue(
          slice.batchId,
          left.map((pending) => pending.position),
        );
        return;
      }
      // Paused or cancelled meanwhile (by the client, on any replica): stop here.
      if ((await this.store.stateOf(slice.batchId)) !== 'RUNNING') return;
      const outcome = await this.sendOne(slice.batchId, work, recipient, claimsMayBeGone);
      if (outcome === 'retry') {
        deferred = true;
        continue;
      }
      if (await this.store.settle(slice.batchId, recipient.position, outcome)) {
        this.metrics.recipients.inc({ outcome: outcome.state });
        this.changes.emit(slice.batchId);
      }
    }
    if (deferred) throw new SliceDeferredError('some sends must wait: the slice is tried again');
    await this.move(slice.batchId, ['RUNNING'], 'COMPLETED');
  }

  /** Stops working: the slices under way stop before their next send and are taken again. */
  stop(): void {
    this.stopping = true;
  }

  private async sendOne(
    batchId: string,
    work: { clientId: string; message: BatchMessage },
    recipient: BatchRecipient,
    claimMayBeGone: boolean,
  ): Promise<RecipientOutcome | 'retry'> {
    // A `/` never appears in a client's own keys: no client key can collide with it.
    const idempotencyKey = `bulk/${batchId}/${recipient.position}`;
    if (claimMayBeGone) {
      // A database that fails here fails the job: it is tried again, nothing was sent.
      const entry = await this.store.ledgerEntryOf(work.clientId, idempotencyKey, recipient.to);
      const earlier = entry && outcomeOfLedgerEntry(entry);
      if (earlier) return earlier;
    }
    try {
      const sent = await this.messages.sendAdminMessage(
        { ...work.message, to: recipient.to },
        { clientId: work.clientId, idempotencyKey },
      );
      return { state: 'SENT', intercomMessageId: sent.id, conversationId: sent.conversationId };
    } catch (error) {
      // Live traffic holds every connection to Intercom: the rest of the slice would each wait
      // as long, taking connections from live calls. The whole slice is tried again later.
      if (error instanceof IntercomConnectionsBusyError) {
        throw new SliceDeferredError('every connection to Intercom is busy');
      }
      if (error instanceof IdempotencyOutcomeUnknownError) {
        // The claim's outcome was never recorded (its sender, or the database, went away
        // mid-send): the recipient's ledger entry may know it (written late, once the database
        // was back). Without one that says, it is UNKNOWN; an entry still PENDING says nothing
        // more than the claim (its sender is gone: its lease is only longer).
        const entry = await this.store.ledgerEntryOf(work.clientId, idempotencyKey, recipient.to);
        const earlier = entry && outcomeOfLedgerEntry(entry);
        if (earlier && earlier !== 'retry') return earlier;
      }
      return outcomeOfFailure(error);
    }
  }

  private admit(load: OpenLoad, recipients: number): void {
    const { clientMaxOpenBatches, clientMaxPendingRecipients } = this.limits;
    if (load.batches >= clientMaxOpenBatches) {
      throw new BulkLimitError(
        `You have ${load.batches} batches not finished yet, the most allowed (${clientMaxOpenBatches}). Wait for one to finish, or cancel one.`,
      );
    }
    if (load.pendingRecipients + recipients > clientMaxPendingRecipients) {
      throw new BulkLimitError(
        `Your unfinished batches may hold at most ${clientMaxPendingRecipients} recipients still to send to; they hold ${load.pendingRecipients}, and this batch has ${recipients}.`,
      );
    }
  }

  private async requeue(id: string): Promise<void> {
    const positions = await this.store.pendingPositions(id);
    if (positions.length === 0) await this.move(id, ['QUEUED', 'RUNNING'], 'COMPLETED');
    else await this.engine.enqueue(id, positions);
  }

  /** A state change: recorded, counted, logged and told to the batch's watchers. */
  private async move(id: string, from: readonly BatchState[], to: BatchState): Promise<boolean> {
    const moved = await this.store.transition(id, from, to);
    if (moved) this.moved(id, to);
    return moved;
  }

  /** A state change made: counted, logged and told to the batch's watchers. */
  private moved(id: string, to: BatchState): void {
    this.metrics.transitions.inc({ state: to });
    this.logger.info({ batchId: id, state: to }, `message batch ${to.toLowerCase()}`);
    this.changes.emit(id);
  }

  private async *progress(
    first: MessageBatch,
    viewer: BatchViewer,
    cancelled: Cancelled,
  ): AsyncGenerator<MessageBatch> {
    let last = first;
    let toldAt = Date.now();
    yield first;
    while (!FINISHED_STATES.has(last.state)) {
      let onChange!: () => void;
      const changed = new Promise<void>((resolve) => (onChange = resolve));
      this.changes.once(first.id, onChange);
      try {
        if ((await cancelled.race([changed, sleep(PROGRESS_LOOK_MS)])) === CANCELLED) {
          return;
        }
      } finally {
        this.changes.off(first.id, onChange);
      }
      const wait = toldAt + PROGRESS_INTERVAL_MS - Date.now();
      if (wait > 0 && (await cancelled.race([sleep(wait)])) === CANCELLED) return;
      const now = await this.store.find(first.id, viewer);
      if (!now) return;
      if (now.state !== last.state || JSON.stringify(now.counts) !== JSON.stringify(last.counts)) {
        last = now;
        toldAt = Date.now();
        yield now;
      }
    }
  }
}
