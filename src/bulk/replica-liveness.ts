import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

export interface LivenessOptions {
  /** How often this replica says it is alive (and looks for replicas that stopped). */
  readonly beatMs: number;
  /** Silent this long, a replica counts as gone and its jobs are taken back. */
  readonly silentMs: number;
  /** Hands the jobs of a replica that went away back to the queue (to be taken at once). */
  readonly release: (jobIds: readonly string[]) => Promise<void>;
  /**
   * Told when beating or looking for silent replicas starts failing (the database, say), once
   * until it works again; both go on at every beat.
   */
  readonly onError: (error: unknown) => void;
  /** Told of each replica found gone, with how many jobs it held. */
  readonly onReplicaGone: (jobs: number) => void;
}

/**
 * The bulk jobs a replica holds, as a lease that ends with the replica: each replica writes a
 * heartbeat (with the ids of the jobs it works on) every `beatMs`, and any replica that finds
 * another silent for `silentMs` (by the database's clock, the one every replica shares) deletes
 * its row and hands its jobs back to the queue. A replica killed mid-batch so costs the batch
 * seconds, not the jobs' own lease (three Intercom timeouts, a minute by default), which stays
 * as the last resort. A job taken back from a replica that was only slow is sent safely all the
 * same: each recipient's send has its own idempotency claim.
 */
export class ReplicaLiveness {
  readonly id = randomUUID();
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failing = false;

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

  /** This replica works on `jobId` from now: said at once, so a crash right after is covered. */
  async holding(jobId: string): Promise<void> {
    this.held.add(jobId);
    await this.beat().then(this.worked, this.failed);
  }

  /** Done with `jobId` (the next beat says so). */
  released(jobId: string): void {
    this.held.delete(jobId);
  }

  /**
   * Stops beating and removes this replica's row: a replica that stopped cleanly leaves nothing.
   * One that still holds jobs (sends left under way after the grace period) leaves its row, and
   * the other replicas take those jobs back once it is silent.
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    if (this.held.size > 0) return;
    await sql`delete from bulk_replicas where id = ${this.id}`
      .execute(this.db)
      .then(this.worked, this.failed);
  }

  private tick(): Promise<void> {
    // One at a time: a slow database does not pile beats up.
    this.running ??= this.beat()
      .then(() => this.takeBackFromSilent())
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

  private async beat(): Promise<void> {
    const jobs = [...this.held];
    await sql`
      insert into bulk_replicas (id, heartbeat_at, jobs) values (${this.id}, now(), ${jobs}::uuid[])
      on conflict (id) do update set heartbeat_at = now(), jobs = excluded.jobs`.execute(this.db);
  }

  /** Deleting the row is what claims it: of several replicas looking, one takes each back. */
  private async takeBackFromSilent(): Promise<void> {
    const { rows } = await sql<{ jobs: string[] }>`
      delete from bulk_replicas
      where heartbeat_at < now() - make_interval(secs => ${this.options.silentMs / 1000})
        and id <> ${this.id}
      returning jobs::text[] as jobs`.execute(this.db);
    // Should handing them back fail, the jobs' own lease still brings them back, later.
    for (const { jobs } of rows) {
      if (jobs.length > 0) await this.options.release(jobs);
      this.options.onReplicaGone(jobs.length);
    }
  }
}
