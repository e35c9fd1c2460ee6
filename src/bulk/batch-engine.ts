import PgBoss from 'pg-boss';
import type { SqlRunner } from './batch-store';
import type { ReplicaLiveness } from './replica-liveness';

/** The job queue every replica on the ledger's database works from. */
export const BULK_QUEUE = 'message-batch-slices';

/**
 * Recipients one job sends to, in order: small, so that even a batch of a hundred spreads over
 * every replica's workers rather than a few jobs keeping the others idle.
 */
export const SLICE_SIZE = 10;

/** Jobs this process works on at once, each sending to its recipients one after another. */
const WORKERS = 4;

/**
 * How often an idle worker asks for a job. A worker that just finished one asks again at once,
 * and jobs queued by this process wake its workers, so this only bounds how soon another
 * replica's new batch is seen; an idle gateway asks the database twice a second, not eight times.
 */
const IDLE_POLL_SECONDS = 2;

/** One job: the recipients of positions [from, to) of a batch that are still PENDING. */
export interface BatchSlice {
  readonly batchId: string;
  readonly from: number;
  readonly to: number;
}

/** Where pg-boss keeps its jobs: its own pool on a server, or the embedded engine's SQL. */
export type JobDatabase =
  | {
      readonly connectionString: string;
      readonly maxConnections: number;
      /** DATABASE_TIMEOUT_MS: each connect and query, judged by this process and by the server. */
      readonly timeoutMs: number;
    }
  | { readonly executeSql: SqlRunner };

export interface EngineOptions {
  readonly database: JobDatabase;
  /** pg-boss's schema, beside the ledger's. */
  readonly schema: string;
  /**
   * How long a job is held by the process working on it: a process that dies leaves it to be
   * taken by another once this is over. A recipient is never sent twice either way (its claim).
   */
  readonly leaseSeconds: number;
  /** Told of pg-boss's own errors (a lost connection). */
  readonly onError: (error: Error) => void;
  /**
   * Told when a job's end (done, or failed to be tried again) could not be recorded: the job
   * is taken again once its lease is over.
   */
  readonly onOutcomeNotRecorded: (error: Error) => void;
}

/**
 * A slice that could not finish (a recipient's claim busy elsewhere, a store down, the gateway
 * stopping) is tried again every 10 s, for a day. pg-boss's own backoff doubles the delay up to
 * 2^16 times (18-36 h between tries by the sixteenth): a batch would stay idle for hours after
 * an outage of minutes.
 */
export const SLICE_RETRIES = { retryLimit: 8640, retryDelay: 10, retryBackoff: false } as const;

/** Positions in slices of at most SLICE_SIZE, each [from, to) of the sorted positions. */
export function slicesOf(batchId: string, positions: readonly number[]): BatchSlice[] {
  const slices: BatchSlice[] = [];
  for (let start = 0; start < positions.length; start += SLICE_SIZE) {
    const chunk = positions.slice(start, start + SLICE_SIZE);
    slices.push({
      batchId,
      from: chunk[0] as number,
      to: (chunk[chunk.length - 1] as number) + 1,
    });
  }
  return slices;
}

/**
 * pg-boss on the ledger's database: batches are cut into slices, one job each; every replica's
 * workers take jobs as they can (SKIP LOCKED), a failed job is retried (SLICE_RETRIES), and a job
 * whose process died is taken again once its lease is over.
 *
 * The workers are this class's own loops over pg-boss's `fetch`, `complete` and `fail`, not
 * pg-boss's `work`: pg-boss's worker calls `complete` and `fail` without waiting for them, so a
 * database that fails that one statement (a restart, a lost connection) left a rejection nobody
 * handled, and the process stopped. Here each is awaited: one that fails is reported, and the
 * job is left to its lease.
 */
export class BatchEngine {
  private stopping = false;
  /** The workers' loops, each ending once the engine stops. */
  private readonly loops: Array<Promise<void>> = [];
  /** What wakes each idle worker (there while it waits). */
  private readonly idleWorkers = new Set<() => void>();
  /** Jobs this process's workers hold now. */
  private readonly held = new Set<string>();
  /**
   * Handlers that ran past their job's lease and go on by themselves (a send under way is not
   * cut off): `close` waits for them as for the workers, so the ledger is not closed beneath
   * their last send.
   */
  private readonly overrunning = new Set<Promise<void>>();
  /** Counts `wake` calls: a worker woken while it asked for a job asks again at once. */
  private wakes = 0;

  private constructor(
    private readonly boss: PgBoss,
    private readonly options: Pick<
      EngineOptions,
      'leaseSeconds' | 'onError' | 'onOutcomeNotRecorded'
    >,
  ) {}

  static async start(options: EngineOptions): Promise<BatchEngine> {
    const boss = new PgBoss({
      ...('executeSql' in options.database
        ? { db: { executeSql: options.database.executeSql } }
        : {
            connectionString: options.database.connectionString,
            max: options.database.maxConnections,
            // pg-boss's own pool gets the ledger's deadlines: a frozen server fails its steps
            // (and pg-pool drops a connection whose query failed) instead of holding them.
            connectionTimeoutMillis: options.database.timeoutMs,
            query_timeout: options.database.timeoutMs,
            statement_timeout: options.database.timeoutMs,
          }),
      schema: options.schema,
      schedule: false,
      supervise: true,
      // Expired jobs (a dead process's) are found this often.
      maintenanceIntervalSeconds: Math.max(1, Math.min(60, options.leaseSeconds)),
    });
    boss.on('error', options.onError);
    await boss.start();
    const queue = { name: BULK_QUEUE, expireInSeconds: options.leaseSeconds, ...SLICE_RETRIES };
    await boss.createQueue(BULK_QUEUE, queue);
    // A queue made by an earlier version (or with another lease) takes today's settings.
    await boss.updateQueue(BULK_QUEUE, queue);
    return new BatchEngine(boss, options);
  }

  /**
   * Queues the slices of these PENDING positions; workers anywhere take them. Queued in a
   * transaction, the jobs exist once it commits: the caller wakes the workers then.
   */
  async enqueue(
    batchId: string,
    positions: readonly number[],
    /** A transaction to queue them in (with the batch); default: on their own. */
    executeSql?: SqlRunner,
  ): Promise<void> {
    const slices = slicesOf(batchId, positions);
    if (slices.length === 0) return;
    const jobs = slices.map((slice) => ({ name: BULK_QUEUE, data: slice }));
    if (executeSql) {
      await this.boss.insert(jobs, { db: { executeSql } });
    } else {
      await this.boss.insert(jobs);
      this.wake();
    }
  }

  /** This process's idle workers ask for jobs now rather than at their next poll. */
  wake(): void {
    this.wakes += 1;
    for (const wake of this.idleWorkers) wake();
  }

  /**
   * Starts this process's workers. `holder` is told of each job taken (before any send) and
   * each job done: what a replica holds, for the others to take back should it go away.
   */
  async work(
    handler: (slice: BatchSlice) => Promise<void>,
    holder: Pick<ReplicaLiveness, 'holding' | 'released'>,
  ): Promise<void> {
    for (let index = 0; index < WORKERS; index += 1) {
      this.loops.push(this.worker(handler, holder));
    }
  }

  /** One worker: a job at a time, the next asked for at once, an idle wait when there is none. */
  private async worker(
    handler: (slice: BatchSlice) => Promise<void>,
    holder: Pick<ReplicaLiveness, 'holding' | 'released'>,
  ): Promise<void> {
    while (!this.stopping) {
      const wakes = this.wakes;
      let job: { id: string; data: BatchSlice } | undefined;
      try {
        // No job also when the database failed the query (pg-boss answers none then).
        [job] = await this.boss.fetch<BatchSlice>(BULK_QUEUE, { batchSize: 1 });
      } catch (error) {
        this.options.onError(error as Error);
      }
      if (job === undefined) {
        if (this.wakes === wakes) await this.idle();
        continue;
      }
      if (this.stopping) {
        // Taken as the engine stopped: given back at once, not left to its lease.
        await this.boss.fail(BULK_QUEUE, job.id).catch(() => undefined);
        return;
      }
      const failure = await this.run(job, handler, holder);
      try {
        if (failure) await this.boss.fail(BULK_QUEUE, job.id, failure);
        else await this.boss.complete(BULK_QUEUE, job.id);
      } catch (error) {
        // The job stays active until its lease is over, then is taken again: each recipient's
        // claim keeps a sent one from being sent twice. (Once stopping, the engine is closed.)
        if (!this.stopping) this.options.onOutcomeNotRecorded(error as Error);
      }
    }
  }

  /**
   * Runs one job, for its lease at most (pg-boss's own worker did so too): a handler that never
   * settles would hold this worker for good. Past it, the job counts as failed and is taken again
   * (its recipients' claims keep what this one still sends from being sent twice). Answers the
   * failure to record, if any: only the error's kind, its message may hold what was sent.
   */
  private async run(
    job: { id: string; data: BatchSlice },
    handler: (slice: BatchSlice) => Promise<void>,
    holder: Pick<ReplicaLiveness, 'holding' | 'released'>,
  ): Promise<{ reason: string } | undefined> {
    this.held.add(job.id);
    const work = (async () => {
      await holder.holding(job.id);
      try {
        await handler(job.data);
      } finally {
        holder.released(job.id);
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const overrun = new Promise<'overrun'>((over) => {
      timer = setTimeout(() => over('overrun'), this.options.leaseSeconds * 1000);
    });
    try {
      if ((await Promise.race([work, overrun])) === 'overrun') {
        // The handler goes on by itself; what it ends with is nobody's to record.
        const ending: Promise<void> = work
          .catch(() => undefined)
          .finally(() => this.overrunning.delete(ending));
        this.overrunning.add(ending);
        const error = new Error('a bulk job ran past its lease');
        error.name = 'JobLeaseOverrunError';
        this.options.onError(error);
        return { reason: error.name };
      }
      return undefined;
    } catch (error) {
      return { reason: error instanceof Error ? error.name : 'Error' };
    } finally {
      clearTimeout(timer);
      this.held.delete(job.id);
    }
  }

  /** Waits IDLE_POLL_SECONDS, or until woken (`wake`, `close`). */
  private idle(): Promise<void> {
    return new Promise((resume) => {
      const wake = () => {
        clearTimeout(timer);
        this.idleWorkers.delete(wake);
        resume();
      };
      const timer = setTimeout(wake, IDLE_POLL_SECONDS * 1000);
      this.idleWorkers.add(wake);
    });
  }

  /** Jobs a replica that went away held: back to the queue, to be taken again at once. */
  async takeBack(jobIds: readonly string[]): Promise<void> {
    await this.boss.fail(BULK_QUEUE, [...jobIds]);
    this.wake();
  }

  /**
   * Stops taking jobs; those under way (and handlers past their lease) get `graceMs` to
   * finish. Any job still under way then is given back (failed: taken again after
   * SLICE_RETRIES' delay, not at the end of its lease).
   */
  async close(graceMs: number): Promise<void> {
    this.stopping = true;
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((over) => (timer = setTimeout(over, Math.max(0, graceMs))));
    const drained = (async () => {
      await Promise.all(this.loops);
      // Once the workers are done, no handler starts to overrun.
      await Promise.all(this.overrunning);
    })();
    await Promise.race([drained, grace]);
    clearTimeout(timer);
    if (this.held.size > 0) {
      await this.boss
        .fail(BULK_QUEUE, [...this.held])
        .catch((error: unknown) => this.options.onOutcomeNotRecorded(error as Error));
    }
    await this.boss
      .stop({ graceful: false, wait: true })
      .catch((error: unknown) => this.options.onError(error as Error));
  }
}
