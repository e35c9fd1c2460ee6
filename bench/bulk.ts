/**
 * Scenario 9: a bulk send against Intercom's quota. One batch of 10,000 recipients (--quick:
 * 300) to contacts made in the emulator, whose rate limit is Intercom's 10,000 a minute
 * (--quick: 84 a second, so the batch takes about 4.5 s). The gateway has no quota setting of its
 * own: its pacer learns the limit from the emulator's `X-RateLimit-*` headers, and bulk sends
 * take at most BULK_QUOTA_SHARE (0.8) of each window. Two runs: one replica on the embedded
 * ledger (PGlite), and three replicas on PostgreSQL and Redis, one of them killed (SIGKILL)
 * halfway. Measured: the batch's time against what the quota allows at the bulk share,
 * recipients messaged more than once (counted at the emulator), recipients left without an
 * outcome, and the p99 of interactive sendAdminMessage calls during the batch beside the p99
 * with no batch, at a light fixed rate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Pool, request } from 'undici';
import { gql, SEND_ADMIN } from './operations';
import { phase } from './progress';
import {
  BENCH_KEY,
  BENCH_KEY_SHA256,
  cpuMicros,
  rssMb,
  startEmulatorProcess,
  startGatewayProcess,
  type GatewayService,
  type Service,
} from './processes';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const json = { 'content-type': 'application/json' };
const auth = { authorization: `Bearer ${BENCH_KEY}` };

/** BULK_QUOTA_SHARE's default, which the runs keep. */
const BULK_SHARE = 0.8;
/** Interactive sends a second beside the batch: light, a few percent of the quota. */
const LIVE_RATE = 5;
/** The emulator keeps its last 2,000 requests (src/emulator/server.ts). */
const REQUEST_LOG_CAPACITY = 2000;
/** How often the emulator's request log is read: well before 2,000 new requests can arrive. */
const LOG_POLL_MS = 250;
/** How often the batch's counts are read, and at least how often they are told. */
const COUNTS_POLL_MS = 1000;
const PROGRESS_EVERY_MS = 5000;
/** A stretch this long without a recipient settled is a stall, reported on its own. */
const STALL_SECONDS = 10;

interface Plan {
  readonly recipients: number;
  /** The emulator's EMULATOR_RATE_LIMIT and EMULATOR_RATE_LIMIT_WINDOW_MS. */
  readonly perWindow: number;
  readonly windowMs: number;
  /** How long interactive sends are measured with no batch. */
  readonly baselineSeconds: number;
}

const FULL: Plan = { recipients: 10_000, perWindow: 1666, windowMs: 10_000, baselineSeconds: 30 };
const QUICK: Plan = { recipients: 300, perWindow: 84, windowMs: 1000, baselineSeconds: 2 };

const BATCH_FIELDS =
  'id state createdAt startedAt finishedAt counts { total sent failed unknown pending }';
const SEND_BULK = `mutation ($input: BulkAdminMessageInput!) { sendBulkAdminMessage(input: $input) { ${BATCH_FIELDS} } }`;
const GET_BATCH = `query ($id: ID!) { messageBatch(id: $id) { ${BATCH_FIELDS} } }`;
const RECIPIENTS_PAGE = `query ($id: ID!, $after: String) { messageBatch(id: $id) {
  messages(first: 50, after: $after) {
    edges { node { position state errorCode to { id } } }
    pageInfo { hasNextPage endCursor }
  } } }`;

interface Counts {
  readonly total: number;
  readonly sent: number;
  readonly failed: number;
  readonly unknown: number;
  readonly pending: number;
}

interface Batch {
  readonly id: string;
  readonly state: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly counts: Counts;
}

const round = (value: number, digits = 3): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};
const sleep = (ms: number) => new Promise<void>((wake) => setTimeout(wake, ms));
const settledOf = (counts: Counts) => counts.sent + counts.failed + counts.unknown;

async function graphql(gateway: Service, query: string, variables?: unknown): Promise<any> {
  const response = await request(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { ...json, ...auth },
    body: gql(query, variables),
  });
  const answer = (await response.body.json()) as { data?: any; errors?: unknown };
  if (answer.errors) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

async function control(emulator: Service, method: string, path: string, body?: unknown) {
  const response = await request(`${emulator.url}/_emulator${path}`, {
    method: method as 'GET',
    headers: json,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.body.json()) as any;
}

/** `count` users in the emulator, messageable at once; their ids in order. */
async function createContacts(emulator: Service, count: number, tag: string): Promise<string[]> {
  const ids = new Array<string>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        const contact = await control(emulator, 'POST', '/contacts', {
          role: 'user',
          email: `bulk-${tag}-${index}@example.com`,
        });
        ids[index] = contact.id as string;
      }
    }),
  );
  return ids;
}

/**
 * POST /messages as the emulator received them, per recipient. The emulator keeps only its last
 * 2,000 requests, so the log is read every LOG_POLL_MS and each read takes what came after the
 * last one (requests are logged in arrival order, stamped in ms). `complete` turns false if the
 * log ever wrapped between two reads (requests may then have been missed).
 */
class MessagesReceived {
  readonly perRecipient = new Map<string, number>();
  complete = true;
  private lastAt = Number.NEGATIVE_INFINITY;
  /** Requests stamped `lastAt` already counted. */
  private seenAtLast = 0;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly emulator: Service) {}

  start(): void {
    const tick = () => {
      // A read that failed leaves a gap: the count is then said to be incomplete.
      this.reading = this.read()
        .catch(() => {
          this.complete = false;
        })
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, LOG_POLL_MS);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.reading;
    await this.read();
  }

  private async read(): Promise<void> {
    const { requests } = (await control(this.emulator, 'GET', '/requests')) as {
      requests: Array<{ route: string; at: number; body: any }>;
    };
    if (requests.length >= REQUEST_LOG_CAPACITY && (requests[0]?.at ?? 0) > this.lastAt) {
      this.complete = false;
    }
    let sameAt = 0;
    for (const entry of requests) {
      if (entry.at < this.lastAt) continue;
      if (entry.at === this.lastAt) {
        sameAt += 1;
        if (sameAt <= this.seenAtLast) continue;
      }
      if (entry.route !== 'POST /messages') continue;
      const to = Array.isArray(entry.body?.to) ? entry.body.to : [entry.body?.to];
      for (const recipient of to) {
        const id = recipient?.id;
        if (typeof id === 'string') this.perRecipient.set(id, (this.perRecipient.get(id) ?? 0) + 1);
      }
    }
    const newest = requests[requests.length - 1];
    if (newest && newest.at >= this.lastAt) {
      this.seenAtLast = requests.filter((entry) => entry.at === newest.at).length;
      this.lastAt = newest.at;
    }
  }
}

interface LiveLatency {
  readonly count: number;
  readonly failures: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** One interactive send: when it left (performance.now()), how long it took, whether it worked. */
interface LiveSample {
  readonly at: number;
  readonly ms: number;
  readonly ok: boolean;
}

const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number);

function latencyOf(samples: readonly LiveSample[]): LiveLatency {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  return {
    count: samples.length,
    failures: samples.filter((sample) => !sample.ok).length,
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/**
 * Interactive sends at LIVE_RATE a second, each on schedule (open loop), until `done()` says so;
 * a send answered with a GraphQL error (or not at all) counts as a failure.
 */
async function liveSends(gateway: Service, done: () => boolean): Promise<LiveSample[]> {
  const pool = new Pool(gateway.url, { connections: 8 });
  const samples: LiveSample[] = [];
  const pending: Array<Promise<void>> = [];
  const start = performance.now();
  for (let index = 0; !done(); index += 1) {
    const ahead = start + (index * 1000) / LIVE_RATE - performance.now();
    if (ahead > 0) await sleep(ahead);
    if (done()) break;
    const at = performance.now();
    pending.push(
      pool
        .request({
          method: 'POST',
          path: '/graphql',
          headers: { ...json, ...auth },
          body: SEND_ADMIN,
        })
        .then(async (response) => {
          const answer = (await response.body.json()) as { errors?: unknown };
          const ok = response.statusCode === 200 && answer.errors === undefined;
          samples.push({ at, ms: performance.now() - at, ok });
        })
        .catch(() => {
          samples.push({ at, ms: performance.now() - at, ok: false });
        }),
    );
  }
  await Promise.all(pending);
  await pool.close();
  return samples;
}

/** Live sends for a fixed time. */
async function liveSendsFor(gateway: Service, seconds: number): Promise<LiveLatency> {
  const until = performance.now() + seconds * 1000;
  return latencyOf(await liveSends(gateway, () => performance.now() >= until));
}

/** Every recipient's state and reason, read page by page once the batch is done. */
async function outcomes(gateway: Service, batchId: string) {
  const byState: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  const sentTo: string[] = [];
  let withoutReason = 0;
  let after: string | null = null;
  for (;;) {
    const data = await graphql(gateway, RECIPIENTS_PAGE, { id: batchId, after });
    const page = data.messageBatch.messages;
    for (const { node } of page.edges as Array<{ node: any }>) {
      byState[node.state] = (byState[node.state] ?? 0) + 1;
      if (node.state === 'SENT') sentTo.push(node.to.id);
      if (node.state === 'FAILED' || node.state === 'UNKNOWN') {
        if (node.errorCode) reasons[node.errorCode] = (reasons[node.errorCode] ?? 0) + 1;
        else withoutReason += 1;
      }
    }
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { byState, reasons, withoutReason, sentTo };
}

/** Sum of a Prometheus counter's samples with these labels, on one replica. */
async function metric(gateway: GatewayService, name: string, labels: string): Promise<number> {
  const text = await (await request(gateway.metricsUrl)).body.text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) && line.includes(labels)) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}

interface RunOptions {
  readonly name: string;
  readonly plan: Plan;
  readonly replicas: number;
  readonly gatewayEnv: Record<string, string>;
  /** Kill the last replica (SIGKILL) once half the recipients are settled. */
  readonly killOne: boolean;
}

async function run(options: RunOptions) {
  const { plan, name } = options;
  const emulator = await startEmulatorProcess({
    EMULATOR_RATE_LIMIT: String(plan.perWindow),
    EMULATOR_RATE_LIMIT_WINDOW_MS: String(plan.windowMs),
  });
  const gateways: GatewayService[] = [];
  try {
    phase(`${name}: creating ${plan.recipients} contacts in the emulator`);
    const ids = await createContacts(emulator, plan.recipients, name);
    phase(`${name}: starting ${options.replicas} gateway replica(s)`);
    for (let replica = 0; replica < options.replicas; replica += 1) {
      gateways.push(await startGatewayProcess(emulator.url, options.gatewayEnv));
    }
    const [front] = gateways as [GatewayService];

    phase(`${name}: interactive sends with no batch (${plan.baselineSeconds} s at ${LIVE_RATE}/s)`);
    await liveSendsFor(front, 2); // warm-up: the pacer learns the quota, the JIT the path
    const idle = await liveSendsFor(front, plan.baselineSeconds);

    const received = new MessagesReceived(emulator);
    received.start();
    const messagesBefore = (await control(emulator, 'GET', '/state')).counts.messages as number;
    const windowsBefore = (await control(emulator, 'GET', '/state')).rate_limit_windows as number;

    phase(`${name}: sending a batch of ${plan.recipients}`);
    const cpuBefore = [emulator, ...gateways].map((each) => cpuMicros(each.pid));
    const benchCpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    const created = (
      await graphql(front, SEND_BULK, {
        input: {
          messageType: 'IN_APP',
          body: 'Bulk benchmark',
          from: { id: '394051' },
          recipients: ids.map((id) => ({ type: 'USER', id })),
        },
      })
    ).sendBulkAdminMessage as Batch;
    const acceptedMs = performance.now() - startedAt;

    let batch = created;
    let finished = false;
    const live = liveSends(front, () => finished);
    const idealSeconds = idealSecondsOf(plan);
    const deadline = performance.now() + (idealSeconds * 3 + 120) * 1000;
    let toldAt = 0;
    /** [seconds since the batch was sent, recipients settled], once a poll. */
    const timeline: Array<[number, number]> = [];
    let killed: { afterSeconds: number; settled: number; sentByIt: number } | undefined;
    /** The largest RSS of each replica while the batch sends, in MB (the killed one's until then). */
    const peakRssMb = gateways.map((gateway) => rssMb(gateway.pid));
    while (batch.state !== 'COMPLETED' && batch.state !== 'CANCELLED') {
      if (performance.now() > deadline) break;
      await sleep(COUNTS_POLL_MS);
      gateways.forEach((gateway, index) => {
        if (killed && index === gateways.length - 1) return;
        peakRssMb[index] = Math.max(peakRssMb[index] as number, rssMb(gateway.pid));
      });
      batch = (await graphql(front, GET_BATCH, { id: created.id })).messageBatch as Batch;
      const settled = settledOf(batch.counts);
      const elapsed = (performance.now() - startedAt) / 1000;
      const seconds = Math.round(elapsed);
      timeline.push([round(elapsed, 1), settled]);
      if (performance.now() - toldAt >= PROGRESS_EVERY_MS) {
        toldAt = performance.now();
        const { sent, failed, unknown } = batch.counts;
        phase(
          `${name}: ${settled} of ${plan.recipients} settled after ${seconds} s (sent ${sent}, failed ${failed}, unknown ${unknown}; ideal ${round(idealSeconds, 1)} s)`,
        );
      }
      if (options.killOne && !killed && settled >= plan.recipients / 2) {
        const doomed = gateways[gateways.length - 1] as GatewayService;
        const sentByIt = await metric(doomed, 'gateway_bulk_recipients_total', 'outcome="SENT"');
        process.kill(doomed.pid, 'SIGKILL');
        killed = { afterSeconds: seconds, settled, sentByIt };
        phase(`${name}: replica ${gateways.length} killed (SIGKILL) at ${settled} settled`);
      }
    }
    const wallSeconds = (performance.now() - startedAt) / 1000;
    // CPU seconds each process used during the batch (the killed replica's until it died).
    const cpuAfter = [emulator, ...gateways].map((each, index) =>
      killed && index === gateways.length ? undefined : cpuMicros(each.pid),
    );
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const cpuSeconds = {
      emulator: round(((cpuAfter[0] as number) - (cpuBefore[0] as number)) / 1e6, 2),
      gateways: gateways.map((_, index) => {
        const after = cpuAfter[index + 1];
        return after === undefined
          ? null
          : round((after - (cpuBefore[index + 1] as number)) / 1e6, 2);
      }),
      bench: round((benchCpu.user + benchCpu.system) / 1e6, 2),
    };
    finished = true;
    const liveSamples = await live;
    const during = latencyOf(liveSamples);
    // Where the batch stood still (a dead replica's slices waiting for their lease), the sends
    // before the stall are the ones made beside bulk sends under way.
    const stall = longestStall(timeline);
    const sendingUntil =
      stall.seconds >= STALL_SECONDS
        ? startedAt + stall.fromSecond * 1000
        : Number.POSITIVE_INFINITY;
    const whileSending = latencyOf(liveSamples.filter((sample) => sample.at <= sendingUntil));
    await received.stop();
    const state = await control(emulator, 'GET', '/state');
    const messagesCreated = (state.counts.messages as number) - messagesBefore;

    phase(`${name}: reading every recipient's outcome`);
    const outcome = await outcomes(front, created.id);
    const survivors = killed ? gateways.slice(0, -1) : gateways;
    const sentPerReplica = await Promise.all(
      survivors.map((gateway) =>
        metric(gateway, 'gateway_bulk_recipients_total', 'outcome="SENT"'),
      ),
    );

    // Duplicates: a recipient the emulator got more than one POST /messages for.
    let duplicates = 0;
    let recipientsMessaged = 0;
    const recipientSet = new Set(ids);
    for (const [id, count] of received.perRecipient) {
      if (!recipientSet.has(id)) continue;
      recipientsMessaged += 1;
      duplicates += count - 1;
    }
    // Recorded SENT, yet no request for it ever reached the emulator.
    const sentNotReceived = received.complete
      ? outcome.sentTo.filter((id) => !received.perRecipient.has(id)).length
      : null;
    const pending = outcome.byState.PENDING ?? 0;
    const batchSeconds =
      batch.finishedAt === null
        ? null
        : (Date.parse(batch.finishedAt) - Date.parse(batch.createdAt)) / 1000;
    return {
      replicas: options.replicas,
      state: batch.state,
      acceptedMs: round(acceptedMs, 1),
      seconds: batchSeconds === null ? null : round(batchSeconds, 2),
      wallSeconds: round(wallSeconds, 2),
      idealSeconds: round(idealSeconds, 2),
      timeOverIdeal: batchSeconds === null ? null : round(batchSeconds / idealSeconds),
      windowsOpened: (state.rate_limit_windows as number) - windowsBefore,
      cpuSeconds,
      byState: outcome.byState,
      reasons: outcome.reasons,
      lost: pending + outcome.withoutReason + (sentNotReceived ?? 0),
      duplicates,
      recipientsMessaged,
      // Every message the emulator made during the batch, less the interactive sends.
      bulkMessagesCreated: messagesCreated - (during.count - during.failures),
      requestLogComplete: received.complete,
      sentNotReceived,
      killed: killed ?? null,
      longestStall: stall,
      timeline,
      sentPerSurvivingReplica: sentPerReplica,
      live: { rate: LIVE_RATE, idle, during, whileSending },
      peakRssMb,
    };
  } finally {
    for (const gateway of gateways) await gateway.stop();
    await emulator.stop();
  }
}

/** The longest time the settled count stood still before the batch finished, and where. */
function longestStall(timeline: ReadonlyArray<[number, number]>) {
  let longest = { seconds: 0, atSettled: 0, fromSecond: 0 };
  let from = timeline[0];
  for (const point of timeline) {
    if (!from || point[1] !== from[1]) {
      from = point;
      continue;
    }
    const seconds = point[0] - from[0];
    if (seconds > longest.seconds) {
      longest = { seconds: round(seconds, 1), atSettled: from[1], fromSecond: from[0] };
    }
  }
  return longest;
}

/**
 * What the quota allows: `recipients` at the bulk share of the limit, continuously. The limit is
 * counted in whole windows, so the last window is used only in part: the batch may end a little
 * sooner than this.
 */
const idealSecondsOf = (plan: Plan): number =>
  (plan.recipients / Math.floor(plan.perWindow * BULK_SHARE)) * (plan.windowMs / 1000);

async function postgres(text: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Why the PostgreSQL run cannot happen here, or undefined when it can. */
async function whyNoServers(): Promise<string | undefined> {
  try {
    await postgres('select 1');
  } catch {
    return `no PostgreSQL answers at ${databaseUrl}`;
  }
  const probe = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await probe.connect();
    await probe.quit();
  } catch {
    probe.disconnect();
    return `no Redis answers at ${redisUrl}`;
  }
  return undefined;
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const apiKeys = JSON.stringify([
  {
    name: 'bench',
    sha256: BENCH_KEY_SHA256,
    scopes: ['messages:admin', 'messages:bulk', 'messages:read'],
  },
]);

export async function scenarioBulk(quick: boolean) {
  const plan = quick ? QUICK : FULL;
  const common = { GATEWAY_API_KEYS: apiKeys, LEDGER: 'on' };

  const dataDir = mkdtempSync(join(tmpdir(), 'bench-bulk-'));
  let pglite;
  try {
    pglite = await run({
      name: 'PGlite',
      plan,
      replicas: 1,
      gatewayEnv: { ...common, LEDGER_DATA_DIR: dataDir },
      killOne: false,
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  let replicated;
  const missing = await whyNoServers();
  if (missing) replicated = { skipped: missing };
  else {
    const tag = `${process.pid}_${Date.now().toString(36)}`;
    const schema = `bench_bulk_${tag}`;
    const prefix = `imgw-bench-bulk-${tag}:`;
    try {
      replicated = await run({
        name: 'PostgreSQL',
        plan,
        replicas: 3,
        gatewayEnv: {
          ...common,
          DATABASE_URL: databaseUrl,
          LEDGER_SCHEMA: schema,
          REDIS_URL: redisUrl,
          REDIS_KEY_PREFIX: prefix,
        },
        killOne: true,
      });
    } finally {
      await postgres(`drop schema if exists ${schema} cascade`);
      await postgres(`drop schema if exists ${schema}_pgboss cascade`);
      await deleteRedisKeys(prefix);
    }
  }

  return {
    recipients: plan.recipients,
    perWindow: plan.perWindow,
    windowSeconds: plan.windowMs / 1000,
    perMinute: Math.round((plan.perWindow * 60_000) / plan.windowMs),
    bulkShare: BULK_SHARE,
    bulkPerWindow: Math.floor(plan.perWindow * BULK_SHARE),
    idealSeconds: round(idealSecondsOf(plan), 2),
    pglite,
    postgres: replicated,
  };
}

type BulkResult = Awaited<ReturnType<typeof scenarioBulk>>;

/** Scenario 9's lines of the summary table. */
export function bulkRows(result: BulkResult | undefined): Array<[string, string, string]> {
  if (!result) return [];
  const rows: Array<[string, string, string]> = [];
  const runs: Array<[string, any]> = [
    ['1 replica, PGlite', result.pglite],
    ['3 replicas, PostgreSQL + Redis, one killed', result.postgres],
  ];
  for (const [label, each] of runs) {
    if (!each) continue;
    if ('skipped' in each) {
      rows.push([`9. bulk, ${label}`, `skipped: ${each.skipped}`, '']);
      continue;
    }
    rows.push([
      `9. bulk of ${result.recipients} at ${result.perWindow}/${result.windowSeconds}s, share ${result.bulkShare} (${label}): seconds (ideal ${result.idealSeconds}), ratio`,
      `${each.seconds} (${each.state}), ${each.timeOverIdeal}`,
      '0.9-1.1',
    ]);
    if (each.longestStall.seconds >= STALL_SECONDS) {
      rows.push([
        `9. bulk (${label}): seconds to ${each.longestStall.atSettled} settled, then a stall of`,
        `${each.longestStall.fromSecond}, ${each.longestStall.seconds} s`,
        '',
      ]);
    }
    const unknown = each.byState.UNKNOWN ?? 0;
    const failed = each.byState.FAILED ?? 0;
    rows.push([
      `9. bulk (${label}): duplicates / lost; failed, unknown (reasons)`,
      `${each.duplicates} / ${each.lost}${each.requestLogComplete ? '' : ' (request log incomplete)'}; ${failed}, ${unknown} ${JSON.stringify(each.reasons)}`,
      '0 / 0',
    ]);
    rows.push([
      `9. bulk (${label}): each replica's largest RSS while it sends, MB`,
      (each.peakRssMb as number[]).join(' / '),
      'bounded',
    ]);
    rows.push([
      `9. bulk (${label}): sendAdminMessage at ${each.live.rate}/s, p99 ms: no batch / while it sends / until it ends`,
      `${each.live.idle.p99Ms} / ${each.live.whileSending.p99Ms} / ${each.live.during.p99Ms} (failures ${each.live.idle.failures} / ${each.live.during.failures})`,
      '',
    ]);
  }
  return rows;
}
