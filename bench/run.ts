/**
 * `npm run bench`: the gateway's performance, measured. Starts the emulator and the gateway as
 * separate processes and drives them from this one. Prints a table and writes
 * bench/results/<date>.json. `--quick` shortens every scenario (for trying changes, not for README).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { request } from 'undici';
import { bulkRows, scenarioBulk } from './bulk';
import { scenarioCpu } from './cpu';
import { scenarioCrash } from './crash';
import { scenarioLedger } from './ledger';
import { gql, keyedSendAdmin, PONIES, SEND_ADMIN } from './operations';
import { burst, fixedRate, median, saturate, type RoundRatio } from './load';
import { phase, scenario } from './progress';
import {
  BENCH_KEY,
  rssMb,
  startEmulatorProcess,
  startGatewayProcess,
  type GatewayService,
  type Service,
} from './processes';

const quick = process.argv.includes('--quick');
/** Runs of each scenario (medians of two; --quick: one). */
const RUNS = quick ? 1 : 2;
/** IDEMPOTENCY_MAX_ENTRIES's default. */
const IDEMPOTENCY_CAPACITY = 100_000;
const auth = { authorization: `Bearer ${BENCH_KEY}` };
const json = { 'content-type': 'application/json' };
const TRIVIAL = gql('{ intercomApiVersion }');
const DIRECT_SEND = JSON.stringify({
  message_type: 'inapp',
  body: 'Benchmark',
  from: { type: 'admin', id: 394051 },
  to: { type: 'user', id: PONIES },
});
const INTERCOM_HEADERS = {
  ...json,
  authorization: 'Bearer emulator-token',
  accept: 'application/json',
  'intercom-version': '2.14',
};

async function control(
  emulator: Service,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<any> {
  const response = await request(`${emulator.url}/_emulator${path}`, {
    method,
    headers: json,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.body.json();
}

async function graphql(gateway: Service, body: string): Promise<any> {
  const response = await request(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { ...json, ...auth },
    body,
  });
  return response.body.json();
}

/** Sum of a Prometheus counter's samples whose labels include `labels`. */
async function counter(
  gateway: GatewayService,
  name: string,
  labels: Record<string, string> = {},
  exclude: Record<string, string> = {},
): Promise<number> {
  const text = await (await request(gateway.metricsUrl)).body.text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([key, value]) =>
      line.includes(`${key}="${value}"`),
    );
    const excluded = Object.entries(exclude).some(([key, value]) =>
      line.includes(`${key}="${value}"`),
    );
    if (matches && !excluded) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

async function withServices<T>(
  emulatorEnv: Record<string, string>,
  gatewayEnv: Record<string, string>,
  work: (emulator: Service, gateway: GatewayService) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulatorProcess(emulatorEnv);
  const gateway = await startGatewayProcess(emulator.url, gatewayEnv);
  try {
    return await work(emulator, gateway);
  } finally {
    await gateway.stop();
    await emulator.stop();
  }
}

/** 1. Saturation: sendAdminMessage against a trivial query through the same server. */
async function scenarioSaturation() {
  const seconds = quick ? 3 : 8;
  return withServices({}, {}, async (_emulator, gateway) => {
    const url = `${gateway.url}/graphql`;
    // Warm up both paths (JIT, connection pools).
    await saturate({ url, body: TRIVIAL, headers: auth, connections: 32, seconds: 2 });
    await saturate({ url, body: SEND_ADMIN, headers: auth, connections: 32, seconds: 2 });
    const trivial: number[] = [];
    const send: number[] = [];
    let failures = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const a = await saturate({ url, body: TRIVIAL, headers: auth, connections: 32, seconds });
      const b = await saturate({ url, body: SEND_ADMIN, headers: auth, connections: 32, seconds });
      trivial.push(a.requestsPerSecond);
      send.push(b.requestsPerSecond);
      failures += a.non2xx + a.errors + b.non2xx + b.errors;
    }
    const graphqlErrors = await counter(
      gateway,
      'gateway_graphql_requests_total',
      {},
      { outcome: 'ok' },
    );
    return {
      trivialRps: trivial,
      sendAdminMessageRps: send,
      medianTrivialRps: median(trivial),
      medianSendAdminMessageRps: median(send),
      ratio: Math.round((median(send) / median(trivial)) * 1000) / 1000,
      failures: failures + graphqlErrors,
    };
  });
}

/** 2. A fixed moderate rate: what the gateway adds to a direct POST /messages. */
async function scenarioAddedLatency() {
  const rate = 500;
  const seconds = quick ? 3 : 10;
  return withServices({}, {}, async (emulator, gateway) => {
    const viaGateway = {
      origin: gateway.url,
      path: '/graphql',
      body: SEND_ADMIN,
      headers: { ...json, ...auth },
      rate,
      seconds,
    };
    const direct = {
      origin: emulator.url,
      path: '/messages',
      body: DIRECT_SEND,
      headers: INTERCOM_HEADERS,
      rate,
      seconds,
    };
    await fixedRate({ ...viaGateway, seconds: 2 });
    await fixedRate({ ...direct, seconds: 2 });
    const runs = [];
    for (let run = 0; run < RUNS; run += 1) {
      const g = await fixedRate(viaGateway);
      const d = await fixedRate(direct);
      runs.push({
        gatewayP50: g.p50,
        gatewayP99: g.p99,
        directP50: d.p50,
        directP99: d.p99,
        addedP50: g.p50 - d.p50,
        addedP99: g.p99 - d.p99,
        failures: g.failures + d.failures,
      });
    }
    return {
      rate,
      runs,
      medianAddedP50Ms: round(median(runs.map((r) => r.addedP50))),
      medianAddedP99Ms: round(median(runs.map((r) => r.addedP99))),
      medianGatewayP50Ms: round(median(runs.map((r) => r.gatewayP50))),
      medianGatewayP99Ms: round(median(runs.map((r) => r.gatewayP99))),
    };
  });
}

/** 3. Intercom's quota as the bottleneck: a burst of 10 windows' worth of sends. */
async function scenarioQuota() {
  const perWindow = quick ? 50 : 100;
  const windowMs = quick ? 1000 : 10_000;
  const total = perWindow * 10;
  const runs = [];
  for (let run = 0; run < RUNS; run += 1) {
    runs.push(
      await withServices(
        { EMULATOR_RATE_LIMIT: String(perWindow), EMULATOR_RATE_LIMIT_WINDOW_MS: String(windowMs) },
        {
          INTERCOM_QUOTA_MAX_WAIT_MS: String(windowMs * 12),
          INTERCOM_QUOTA_MAX_QUEUE: String(total),
        },
        async (emulator, gateway) => {
          const result = await burst({
            url: `${gateway.url}/graphql`,
            body: SEND_ADMIN,
            headers: auth,
            total,
            connections: 100,
            timeoutSeconds: (windowMs * 13) / 1000,
          });
          const ok = await counter(gateway, 'gateway_graphql_requests_total', {
            operation: 'mutation:sendAdminMessage',
            outcome: 'ok',
          });
          const failed = await counter(
            gateway,
            'gateway_graphql_requests_total',
            {},
            { outcome: 'ok' },
          );
          const upstream429 = await counter(gateway, 'gateway_intercom_calls_total', {
            status: '429',
          });
          const created = (await control(emulator, 'GET', '/state')).counts.messages as number;
          const windowsUsed = Math.ceil((result.seconds * 1000) / windowMs);
          return {
            seconds: round(result.seconds),
            idealSeconds: (windowMs * 10) / 1000,
            quotaUsed: round(total / (perWindow * Math.max(10, windowsUsed))),
            failedSends: failed + result.non2xx + result.errors + (total - ok - failed),
            duplicateSends: created - ok,
            upstream429,
          };
        },
      ),
    );
  }
  return { perWindow, windowSeconds: windowMs / 1000, total, runs };
}

/** 4. conversationForMessage: upstream calls and latency by case. */
async function scenarioConversations() {
  return withServices({}, { CONVERSATION_LOOKUP_MAX_PAGES: '100' }, async (emulator, gateway) => {
    const lookup = (messageId: string, contactId: string) =>
      gql(
        `{ conversationForMessage(messageId: "${messageId}", contact: { type: USER, id: "${contactId}" }) { id source { id } } }`,
      );

    async function measure(body: string) {
      await control(emulator, 'DELETE', '/requests');
      const started = performance.now();
      const answer = await graphql(gateway, body);
      const ms = performance.now() - started;
      if (answer.errors) throw new Error(JSON.stringify(answer.errors));
      const requests = (await control(emulator, 'GET', '/requests')).requests as Array<{
        route: string;
      }>;
      return {
        ms: round(ms),
        upstreamCalls: requests.length,
        searchCalls: requests.filter((r) => r.route === 'POST /conversations/search').length,
      };
    }

    async function replied(contactId: string): Promise<string> {
      const sent = await graphql(
        gateway,
        gql('mutation($i: SendAdminMessageInput!) { sendAdminMessage(input: $i) { id } }', {
          i: {
            messageType: 'IN_APP',
            body: 'Hi',
            from: { id: '394051' },
            to: { type: 'USER', id: contactId },
          },
        }),
      );
      const messageId = sent.data.sendAdminMessage.id as string;
      await control(emulator, 'POST', `/messages/${messageId}/reply`, { body: 'Hello' });
      return messageId;
    }

    const cases: Record<string, unknown> = {};
    const fast = [];
    const cached = [];
    for (let run = 0; run < RUNS; run += 1) {
      const messageId = await replied(PONIES);
      fast.push(await measure(lookup(messageId, PONIES)));
      cached.push(await measure(lookup(messageId, PONIES)));
    }
    cases.fastPath = fast;
    cases.cachedRepeat = cached;

    // Where Intercom refuses the source.id filter, the walk reads the contact's pages until the match.
    await control(emulator, 'POST', '/faults', {
      route: 'POST /conversations/search',
      bodyContains: 'source.id',
      status: 400,
      code: 'parameter_invalid',
      message: 'source.id is not searchable',
      times: 0,
    });
    for (const pages of [1, 10, 50]) {
      const runs = [];
      for (let run = 0; run < RUNS; run += 1) {
        const contact = await control(emulator, 'POST', '/contacts', {
          role: 'user',
          email: `bench-${pages}-${run}-${Date.now()}@example.com`,
        });
        // Older conversations after the match: a walk that stops at the match never reads them.
        await control(emulator, 'POST', `/contacts/${contact.id}/conversations`, { count: 300 });
        const messageId = await replied(contact.id);
        const newer = pages * 150 - 1;
        if (newer > 0)
          await control(emulator, 'POST', `/contacts/${contact.id}/conversations`, {
            count: newer,
          });
        runs.push(await measure(lookup(messageId, contact.id)));
      }
      cases[`pages${pages}`] = runs;
    }
    await control(emulator, 'DELETE', '/faults');
    return cases;
  });
}

/** 5. Memory: RSS after 10k and after 200k mixed requests. */
async function scenarioMemory() {
  const first = quick ? 2_000 : 10_000;
  const total = quick ? 6_000 : 200_000;
  // --quick: one run, under the capped heap, to a store a twentieth of the default's size.
  const capacity = quick ? IDEMPOTENCY_CAPACITY / 20 : IDEMPOTENCY_CAPACITY;
  // Two runs as the gateway starts by default, then one under a capped V8 heap, as a container
  // with a memory limit runs it (V8 sizes its heap from the machine's memory otherwise).
  const runs = [];
  const variants = quick ? [CAPPED_HEAP] : [...Array<string>(RUNS).fill(''), CAPPED_HEAP];
  for (const nodeOptions of variants) {
    phase(`run ${runs.length + 1} of ${variants.length}${nodeOptions ? ` (${nodeOptions})` : ''}`);
    runs.push(
      await withServices(
        {},
        {
          ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
          IDEMPOTENCY_MAX_ENTRIES: String(capacity),
        },
        async (emulator, gateway) => {
          const repliedTo = await graphql(gateway, SEND_ADMIN);
          const messageId = repliedTo.data.sendAdminMessage.id as string;
          await control(emulator, 'POST', `/messages/${messageId}/reply`, { body: 'Hi' });
          const bodies = [
            SEND_ADMIN,
            gql(
              'mutation($i: SendUserMessageInput!) { sendUserMessage(input: $i) { id conversationId } }',
              { i: { from: { type: 'USER', id: PONIES }, body: 'Hey' } },
            ),
            gql(
              `{ conversationForMessage(messageId: "${messageId}", contact: { type: USER, id: "${PONIES}" }) { id } }`,
            ),
            TRIVIAL,
          ];
          let sequence = 0;
          const mixed = async (amount: number) => {
            const autocannon = (await import('autocannon')).default;
            await autocannon({
              url: `${gateway.url}/graphql`,
              method: 'POST',
              headers: { ...json, ...auth },
              amount,
              connections: 32,
              requests: [
                {
                  setupRequest: (req: any) => {
                    sequence += 1;
                    // Every eighth request an idempotent send with a fresh key: the store must stay bounded.
                    const body =
                      sequence % 8 === 0
                        ? keyedSendAdmin(`bench-${sequence}`, 'Once')
                        : bodies[sequence % bodies.length];
                    return { ...req, body };
                  },
                },
              ],
            });
          };
          phase(`${first} mixed requests`);
          await mixed(first);
          const after10k = rssMb(gateway.pid);
          phase(`${total - first} more mixed requests`);
          await mixed(total - first);
          const after200k = rssMb(gateway.pid);
          // Then the idempotency store filled to its capacity.
          phase(`the idempotency store filled (${capacity} records)`);
          await fillIdempotencyStore(gateway, capacity);
          const atCapacity = rssMb(gateway.pid);
          const emulatorRss = rssMb(emulator.pid);
          return {
            nodeOptions,
            afterFirstMb: after10k,
            afterAllMb: after200k,
            growth: round((after200k - after10k) / after10k),
            atCapacityMb: atCapacity,
            emulatorMb: emulatorRss,
          };
        },
      ),
    );
  }
  return { first, total, capacity, runs };
}

/** A V8 heap limit for scenario 5's capped run: room for a full store, and no more. */
const CAPPED_HEAP = '--max-old-space-size=160';

/**
 * Sends IDEMPOTENCY_CAPACITY messages with a letter-sized body (1,000 characters), each with a
 * fresh idempotency key: the store ends full.
 */
async function fillIdempotencyStore(gateway: Service, capacity: number): Promise<void> {
  const autocannon = (await import('autocannon')).default;
  const letter = 'x'.repeat(1000);
  let filled = 0;
  await autocannon({
    url: `${gateway.url}/graphql`,
    method: 'POST',
    headers: { ...json, ...auth },
    amount: capacity,
    connections: 32,
    requests: [
      {
        setupRequest: (req: any) => {
          filled += 1;
          const body = keyedSendAdmin(`fill-${filled}`, letter);
          return { ...req, body };
        },
      },
    ],
  });
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

async function main(): Promise<void> {
  const only = process.argv
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const want = (name: string) => !only || only.includes(name);
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    quick,
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
  };
  const scenarios: Array<[string, () => Promise<unknown>]> = [
    ['saturation', scenarioSaturation],
    ['latency', scenarioAddedLatency],
    ['quota', scenarioQuota],
    ['conversations', scenarioConversations],
    ['memory', scenarioMemory],
    ['crash', () => scenarioCrash(quick)],
    ['ledger', () => scenarioLedger(quick)],
    ['cpu', () => scenarioCpu(quick)],
    ['bulk', () => scenarioBulk(quick)],
  ];
  for (const [name, run] of scenarios) {
    if (want(name)) results[name] = await scenario(name, run);
  }
  const directory = resolve(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  const file = resolve(
    directory,
    `${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`,
  );
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
  console.log(`\nFull results: ${file}`);
}

function printTable(results: Record<string, any>): void {
  const rows: Array<[string, string, string]> = [];
  const s = results.saturation;
  if (s) {
    rows.push(['1. trivial query, req/s (median)', String(Math.round(s.medianTrivialRps)), '']);
    rows.push([
      '1. sendAdminMessage, req/s (median)',
      String(Math.round(s.medianSendAdminMessageRps)),
      '',
    ]);
    rows.push(['1. ratio sendAdminMessage / trivial', String(s.ratio), '>= 0.65']);
  }
  const l = results.latency;
  if (l) {
    rows.push([`2. added latency p50 at ${l.rate} req/s, ms`, String(l.medianAddedP50Ms), '<= 1']);
    rows.push([`2. added latency p99 at ${l.rate} req/s, ms`, String(l.medianAddedP99Ms), '<= 5']);
  }
  const q = results.quota;
  if (q) {
    const runs = q.runs as Array<any>;
    rows.push([
      `3. burst of ${q.total} at ${q.perWindow}/${q.windowSeconds}s: seconds (ideal ${runs[0]?.idealSeconds})`,
      runs.map((r) => r.seconds).join(', '),
      '',
    ]);
    rows.push(['3. quota used', runs.map((r) => r.quotaUsed).join(', '), '>= 0.95']);
    rows.push([
      '3. failed / duplicate sends, upstream 429s',
      runs.map((r) => `${r.failedSends}/${r.duplicateSends}, ${r.upstream429}`).join('; '),
      '0 / 0',
    ]);
  }
  const c = results.conversations;
  if (c) {
    for (const [name, runs] of Object.entries(c) as Array<[string, Array<any>]>) {
      rows.push([
        `4. conversationForMessage ${name}: upstream calls (searches), ms`,
        runs.map((r) => `${r.upstreamCalls} (${r.searchCalls}), ${r.ms}`).join('; '),
        name === 'fastPath' ? '<= 2 calls' : name === 'cachedRepeat' ? '0 searches' : 'linear',
      ]);
    }
  }
  const m = results.memory;
  if (m) {
    const runs = m.runs as Array<any>;
    const label = (r: any) => (r.nodeOptions ? `NODE_OPTIONS=${r.nodeOptions}` : 'default');
    const each = (value: (r: any) => unknown) =>
      runs.map((r) => `${value(r)} (${label(r)})`).join('; ');
    rows.push([
      `5. RSS after ${m.first} / ${m.total} requests, MB`,
      each((r) => `${r.afterFirstMb} / ${r.afterAllMb}`),
      '< 250',
    ]);
    rows.push(['5. RSS growth', each((r) => r.growth), '< 0.20']);
    rows.push([
      `5. RSS with the idempotency store full (${m.capacity} records, 1,000-character bodies), MB`,
      each((r) => r.atCapacityMb),
      '< 250',
    ]);
  }
  const x = results.crash;
  if (x?.skipped) rows.push(['6. capacity after a replica crash', `skipped: ${x.skipped}`, '']);
  else if (x) {
    rows.push([
      `6. seconds until the survivor sends the full quota again (${x.perWindow}/${x.windowSeconds}s)`,
      String(x.secondsToFullQuota),
      `<= ${x.requestTimeoutSeconds + 1}`,
    ]);
    rows.push(['6. quota used after that', String(x.quotaUsedAfterRecovery), '>= 0.9']);
  }
  const g = results.ledger;
  if (g) {
    const med = (name: string) => (g.rps[name]?.length ? Math.round(median(g.rps[name])) : '-');
    const cpu = (name: string) =>
      g.cpuUsPerSend?.[name]?.length ? Math.round(median(g.cpuUsPerSend[name])) : '-';
    const floor = (name: 'pglite' | 'postgres', key: string) => g.floor?.[name]?.[key] ?? '-';
    /** A per-round ratio: its median, and its range over the rounds when there were several. */
    const shown = (ratio: RoundRatio | null | undefined) =>
      !ratio
        ? '-'
        : ratio.range[0] === ratio.range[1]
          ? String(ratio.median)
          : `${ratio.median} (rounds ${ratio.range[0]}-${ratio.range[1]})`;
    const perSend = (table: Record<string, number[]> | undefined) => (name: string) =>
      table?.[name]?.length ? Math.round(median(table[name])) : '-';
    rows.push([
      '7. sendAdminMessage req/s, ledger off / PGlite / PostgreSQL / PostgreSQL without synchronous commit',
      ['off', 'pglite', 'postgres', 'postgresAsync'].map(med).join(' / '),
      '',
    ]);
    rows.push([
      "7. the ledger's floor (the same rows through the driver), sends/s: PGlite / PostgreSQL",
      `${floor('pglite', 'sendsPerSecond')} / ${floor('postgres', 'sendsPerSecond')}`,
      '',
    ]);
    rows.push([
      '7. throughput with the ledger / without: PGlite, PostgreSQL, PostgreSQL without synchronous commit',
      [g.ratioPglite, g.ratioPostgres, g.ratioPostgresAsync].map(shown).join(', '),
      '>= 0.8 (PostgreSQL)',
    ]);
    rows.push([
      "7. throughput the floor leaves room for (the lower of: the gateway's thread, off's CPU + the floor process's; the cores, off's + the floor's whole-machine CPU), as a ratio of off: PGlite, PostgreSQL",
      `${g.floorAllows?.pglite ?? '-'}, ${g.floorAllows?.postgres ?? '-'}`,
      '',
    ]);
    rows.push([
      '7. gateway CPU per send, us: ledger off / PGlite / PostgreSQL / PostgreSQL without synchronous commit',
      ['off', 'pglite', 'postgres', 'postgresAsync'].map(cpu).join(' / '),
      '',
    ]);
    rows.push([
      '7. whole machine CPU per send (gateway, emulator, load, database), us: off / PGlite / PostgreSQL / without sync. commit',
      ['off', 'pglite', 'postgres', 'postgresAsync']
        .map(perSend(g.machineCpuUsPerSend))
        .join(' / '),
      '',
    ]);
    rows.push([
      "7. the gateway's wait for a core per send, us: ledger off / PGlite / PostgreSQL / without sync. commit",
      ['off', 'pglite', 'postgres', 'postgresAsync']
        .map(perSend(g.gatewayCoreWaitUsPerSend))
        .join(' / '),
      '',
    ]);
    rows.push([
      "7. the ledger's floor, CPU per send of its process, us: PGlite (the whole database) / PostgreSQL (the driver)",
      `${floor('pglite', 'cpuUsPerSend')} / ${floor('postgres', 'cpuUsPerSend')}`,
      '',
    ]);
    rows.push([
      "7. the ledger's floor, whole machine CPU per send, us: PGlite / PostgreSQL (the driver and the server)",
      `${floor('pglite', 'machineCpuUsPerSend')} / ${floor('postgres', 'machineCpuUsPerSend')}`,
      '',
    ]);
    rows.push([
      '7. gateway CPU per send with the ledger / without: PGlite, PostgreSQL, PostgreSQL without synchronous commit',
      [g.cpuRatioPglite, g.cpuRatioPostgres, g.cpuRatioPostgresAsync].map(shown).join(', '),
      '<= 2.0 (PGlite), <= 1.3 (PostgreSQL)',
    ]);
    rows.push([
      '7. added latency p50 at 200 req/s, ms: PGlite, PostgreSQL, PostgreSQL without synchronous commit',
      `${g.addedP50MsPglite}, ${g.addedP50MsPostgres ?? '-'}, ${g.addedP50MsPostgresAsync ?? '-'}`,
      '<= 1 (PostgreSQL)',
    ]);
    rows.push([
      "7. the ledger's floor, p50 of the write a send waits for at 200 sends/s, ms: PGlite / PostgreSQL",
      `${floor('pglite', 'p50Ms')} / ${floor('postgres', 'p50Ms')}`,
      '',
    ]);
    for (const [name, page] of Object.entries(g.pages) as Array<[string, any]>) {
      rows.push([
        `7. messages page at ${g.rows} entries (${name}), ms p50: newest, by contact, by state`,
        `${page.newestMs}, ${page.byContactMs}, ${page.byStateMs}`,
        '<= 5',
      ]);
    }
    if (g.pgliteRss) {
      rows.push([
        `7. gateway RSS with PGlite after ${g.pgliteRss.samples[0]?.sends} / ${g.pgliteRss.total} sends, MB (growth over the second half)`,
        `${g.pgliteRss.firstMb} / ${g.pgliteRss.lastMb} (${g.pgliteRss.secondHalfGrowth})`,
        'levels off',
      ]);
    }
    rows.push([
      '7. gateway RSS after the load, MB: off / PGlite / PostgreSQL',
      `${g.rssMb.off} / ${g.rssMb.pglite} / ${g.rssMb.postgres ?? '-'}`,
      '',
    ]);
  }
  const u = results.cpu;
  if (u) {
    // The framework's floor: the gateway against bare Apollo Server over the same schema.
    const targets: Record<string, string> = {
      trivial: '<= 1.5x bare Apollo',
      sendAdminMessage: '<= 1.5x bare Apollo',
      conversationForMessage: '',
    };
    for (const name of Object.keys(targets)) {
      const each = u[name];
      rows.push([
        `8. CPU per ${name}, us: gateway / bare Apollo / floor (gateway / bare Apollo, per-round range; each / floor); emulator`,
        `${each.gatewayUs} / ${each.apolloUs} / ${each.floorUs} (${each.gatewayOverApollo}x, ${each.gatewayOverApolloRange?.join('-')}; ${each.ratio}x, ${each.apolloRatio}x); ${each.emulatorUs}`,
        targets[name] as string,
      ]);
    }
  }
  rows.push(...bulkRows(results.bulk));
  const width = Math.max(...rows.map((row) => row[0].length));
  console.log(`\n${'scenario'.padEnd(width)} | result | target`);
  console.log(`${'-'.repeat(width)}-|--------|-------`);
  for (const [name, value, target] of rows)
    console.log(`${name.padEnd(width)} | ${value} | ${target}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
