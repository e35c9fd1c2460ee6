import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

export interface LivenessOptions {
  /** How often this replica says it is alive (and looks for jobs nobody alive holds). */
  readonly beatMs: number;
  /** Silent this long, a replica counts as gone and the jobs it held are taken back. */
  readonly silentMs: number;
  /** pg-boss's schema and the bulk queue's name: where the jobs under way are. */
  readonly jobs: { readonly schema: string; readonly queue: string };
  /** Hands jobs nobody alive holds back to the queue (to be taken at once). */
  readonly release: (jobIds: readonly string[]) => Promise<void>;
  /**
   * Told when beating or looking for such jobs starts failing (the database, say), once until it
   * works again; both go on at every beat.
   */
  readonly onError: (error: unknown) => void;
  /** Told of the jobs taken back, how many. */
  readonly onTakenBack: (jobs: number) => void;
}

/**
 * The bulk jobs a replica holds, as a lease that ends with the replica. Each replica writes a
 * heartbeat with the ids of the jobs it works on every `beatMs`, and at once when it takes one.
 * A job under way for `silentMs` that no replica beating within `silentMs` holds (its replica was
 * killed, froze, lost the database, or died between taking the job and saying so) goes back to
 * the queue; all is judged by the database's clock, the one every replica shares. A replica
 * killed mid-batch so costs the batch seconds, not the jobs' own lease (three Intercom
 * timeouts, a minute by default), which stays as the last resort. A job taken back from a
 * replica that was only slow is sent safely all the same: each recipient's send has its own
 * idempotency claim.
 *
 * pg-boss keeps no owner on a job: the job table (pg-boss 10's `job`: name, state, started_on)
 * is read here, beside this replica's own table.
 */
export class ReplicaLiveness {
  readonly id = randomUUID();
  /** Jobs this replica works on, with how many of its workers hold each (a job taken back and
   * taken again by this same replica may be held twice at once). */
  private readonly held = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failing = false;
  /** Heartbeats are written one after another, each with the jobs held when it starts. */
  private written: Promise<void> = Promise.resolve();
  /** A heartbeat waiting for the one before it: a new holder joins it rather than queue another. */
  private next: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<never>,
    private readonly options: LivenessOptions,
  ) {}

  /** Starts beating; the first beat (and look) is made before this answers. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.beatMs);
    this.timer.unref();
  }

  /** This replica works on `jobId` from now: said at once, before any of its sends. */
  async holding(jobId: string): Promise<void> {
    this.held.set(jobId, (this.held.get(jobId) ?? 0) + 1);
    await this.beat().then(this.worked, this.failed);
  }

  /** Done with `jobId` (the next beat says so). */
  released(jobId: string): void {
    const holders = (this.held.get(jobId) ?? 1) - 1;
    if (holders > 0) this.held.set(jobId, holders);
    else this.held.delete(jobId);
  }

  /**
   * Stops beating and removes this replica's row: a replica that stopped cleanly leaves nothing.
   * Jobs it still holds (sends left under way after the grace period) are taken back by the
   * others once they have gone unheld long enough.
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.written;
    await sql`delete from bulk_replicas where id = ${this.id}`
      .execute(this.db)
      .then(this.worked, this.failed);
  }

  private tick(): Promise<void> {
    // One at a time: a slow database does not pile looks up.
    this.running ??= this.beat()
      .then(() => this.takeBackUnheld())
      .then(this.worked, this.failed)
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private readonly worked = (): void => {
    this.failing = false;
  };

  private readonly failed = (error: unknown): void => {
    if (!this.failing) this.options.onError(error);
    this.failing = true;
  };

  /**
   * One heartbeat after those under way. Written concurrently, an older list could land after a
   * newer one and hide a job just taken: in turn, each write holds the latest list.
   */
  private beat(): Promise<void> {
    if (this.next) return this.next;
    const write = this.written.then(() => {
      this.next = undefined;
      const jobs = [...this.held.keys()];
      return sql`
        insert into bulk_replicas (id, heartbeat_at, jobs)
        values (${this.id}, now(), ${jobs}::uuid[])
        on conflict (id) do update set heartbeat_at = now(), jobs = excluded.jobs`
        .execute(this.db)
        .then(() => undefined);
    });
    this.next = write;
    this.written = write.catch(() => undefined);
    return write;
  }

  private async takeBackUnheld(): Promise<void> {
    const silent = sql`now() - make_interval(secs => ${this.options.silentMs / 1000})`;
    await sql`delete from bulk_replicas where heartbeat_at < ${silent}`.execute(this.db);
    const { rows } = await sql<{ id: string }>`
      select job.id::text as id
      from ${sql.table(`${this.options.jobs.schema}.job`)} as job
      where job.name = ${this.options.jobs.queue}
        and job.state = 'active'
        and job.started_on < ${silent}
        and not exists (select 1 from bulk_replicas as replica where job.id = any(replica.jobs))
      limit 1000`.execute(this.db);
    if (rows.length === 0) return;
    // Several replicas may find the same jobs: handing one back twice is harmless (pg-boss
    // changes only a job under way). Should it fail, the jobs' own lease brings them back.
    await this.options.release(rows.map((row) => row.id));
    this.options.onTakenBack(rows.length);
  }
}
