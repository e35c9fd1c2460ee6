import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { DatabaseTimeoutError, type DatabaseStep } from './database-errors';
import { preparedName } from './prepared-statements';

/**
 * The ledger's connection pool with a client-side deadline on every step (acquire, connect,
 * query, commit) and a handler on every connection's errors.
 *
 * `pg` alone leaves two gaps. A server-side `statement_timeout` is enforced by the server, so a
 * frozen server (stopped, partitioned) holds a query for ever; and a connection checked out of
 * the pool has no 'error' listener, so a server that goes away mid-query (a restart, a
 * failover: 57P01) raises an uncaught exception. Here each connection gets a listener as it is
 * made, a query that outlives the deadline fails and its connection is cut and replaced, and
 * the pool makes new connections as the server comes back.
 */
export function deadlinePool(
  config: PoolConfig,
  timeoutMs: number,
  /**
   * Told of each connection-level failure of a query: a missed deadline, a lost connection, a
   * server shutting down. (A query's SQL error goes to its caller only.)
   */
  onConnectionError: (error: Error) => void,
): PostgresPool {
  const pool = new Pool({ ...config, connectionTimeoutMillis: timeoutMs, keepAlive: true });
  // Every connection gets a listener as it is made: its errors mid-query reach the query's
  // caller (and `onConnectionError` below); an idle one the server closed (a restart, an idle
  // timeout) is dropped by the pool and replaced on demand, which needs no alarm.
  pool.on('connect', (client) => client.on('error', () => undefined));
  pool.on('error', () => undefined);
  const max = config.max ?? 10;
  /** Connections handed out and not yet given back. */
  let checkedOut = 0;
  return {
    async connect() {
      const client = await withDeadline(pool.connect(), timeoutMs, 'connect', (late) =>
        late.release(),
      ).catch((error: unknown) => {
        // Every connection out, busy with a query of its own: the wait ran out because the pool
        // is too small for the load, not because the database fails. That must not open the
        // ledger's circuit for every send: those queries have deadlines of their own, and a
        // frozen server fails them (and the probe).
        if (checkedOut >= max) throw new DatabaseTimeoutError('acquire', timeoutMs);
        onConnectionError(error as Error);
        throw error;
      });
      checkedOut += 1;
      return new DeadlineClient(client, timeoutMs, onConnectionError, () => (checkedOut -= 1));
    },
    async end() {
      // A frozen server never answers the goodbye: closing waits no longer than a query would.
      await withDeadline(pool.end(), timeoutMs, 'query', () => undefined).catch(() => undefined);
    },
  };
}

/** A pooled connection whose queries have a deadline; a connection that missed one is not reused. */
class DeadlineClient implements PostgresPoolClient {
  /** Cut, or errored: released to be destroyed, not reused. */
  private broken = false;
  private released = false;

  constructor(
    private readonly client: PoolClient,
    private readonly timeoutMs: number,
    private readonly onConnectionError: (error: Error) => void,
    private readonly onRelease: () => void,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query(cursor: never): never;
  query<R>(sql: string, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const name = preparedName(sql);
    const values = parameters as unknown[] | undefined;
    const pending = (name === undefined
      ? this.client.query(sql, values)
      : this.client.query({ name, text: sql, values })) as unknown as Promise<
      PostgresQueryResult<R>
    >;
    return withDeadline(
      pending,
      this.timeoutMs,
      'query',
      () => undefined,
      () => this.cut(),
    ).catch((error: unknown) => {
      // A connection-level failure (no SQLSTATE, or a server shutting down) leaves a
      // connection that must not serve the next query.
      if (!hasSqlState(error) || String((error as { code: string }).code).startsWith('57')) {
        this.broken = true;
        this.onConnectionError(error as Error);
      }
      throw error;
    });
  }

  /** `destroy`: the connection is closed rather than kept for the next step. */
  release(destroy = false): void {
    if (this.released) return;
    this.released = true;
    if (destroy) this.broken = true;
    this.onRelease();
    this.client.release(this.broken ? true : undefined);
  }

  /** The query is abandoned: the socket goes, so that nothing answers it late on this connection. */
  private cut(): void {
    this.broken = true;
    const stream = (this.client as unknown as { connection?: { stream?: { destroy(): void } } })
      .connection?.stream;
    stream?.destroy();
  }
}

function hasSqlState(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/**
 * `work`, or a DatabaseTimeoutError once `timeoutMs` has passed. What the work yields after that
 * goes to `late` (to be released), its error nowhere.
 */
function withDeadline<T>(
  work: Promise<T>,
  timeoutMs: number,
  step: DatabaseStep,
  late: (value: T) => void,
  onTimeout?: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      onTimeout?.();
      reject(new DatabaseTimeoutError(step, timeoutMs));
    }, timeoutMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        if (timedOut) late(value);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!timedOut) reject(error);
      },
    );
  });
}
