/**
 * Scenario 7: what the ledger costs. The same gateway with the ledger off, on the embedded engine
 * (PGlite, in a folder) and on a PostgreSQL server, each against its own emulator, measured in
 * interleaved rounds of one run: sendAdminMessage throughput and the gateway's CPU per send (as
 * ratios of the ledger off), the latency it adds at a fixed rate, a `messages` page at 100,000
 * entries, and memory. Beside them, in the same rounds, the ledger's floor (bench/ledger-floor.ts):
 * the same rows written straight through the driver.
 */
import { phase } from './progress';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { request } from 'undici';
import { ledgerFloor, type LedgerFloorResult } from './ledger-floor';
import { fixedRate, median, perRoundRatio, saturate, turned } from './load';
import { SEND_ADMIN } from './operations';
import {
  BENCH_KEY,
  BENCH_KEY_SHA256,
  CORES,
  coreWaitMicros,
  cpuMicros,
  machineCpuMicros,
  rssMb,
  startEmulatorProcess,
  startGatewayProcess,
  type Service,
} from './processes';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const auth = { authorization: `Bearer ${BENCH_KEY}` };
const json = { 'content-type': 'application/json' };
/** Entries the page query runs against (--quick: a tenth), spread over this many contacts. */
const FULL_ROWS = 100_000;
const CONTACTS = 1000;

/** `rows` sent entries, newest last, as the gateway would have written them. */
const seedSql = (table: string, rows: number) => `
  insert into ${table} (id, kind, client_id, from_type, from_id, to_type, to_id,
    resolved_contact_id, message_type, body, state, intercom_message_id, created_at, updated_at)
  select gen_random_uuid(), 'ADMIN_MESSAGE', 'bench', 'admin', '394051', 'USER',
    'contact-' || (i % ${CONTACTS}), 'contact-' || (i % ${CONTACTS}), 'IN_APP', 'Benchmark',
    'SENT', 'seed-' || i, now() - make_interval(secs => ${rows} - i), now()
  from generate_series(1, ${rows}) as i`;

interface Variant {
  readonly name: 'off' | 'pglite' | 'postgres' | 'postgresAsync';
  readonly env: Record<string, string>;
  emulator?: Service;
  gateway?: Service;
}

async function postgres(text: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function postgresAnswers(): Promise<boolean> {
  try {
    await postgres('select 1');
    return true;
  } catch {
    return false;
  }
}

async function start(variant: Variant): Promise<void> {
  variant.emulator = await startEmulatorProcess();
  variant.gateway = await startGatewayProcess(variant.emulator.url, {
    GATEWAY_API_KEYS: JSON.stringify([
      {
        name: 'bench',
        sha256: BENCH_KEY_SHA256,
        scopes: ['messages:admin', 'messages:read', 'conversations:read'],
      },
    ]),
    ...variant.env,
  });
}

async function stop(variant: Variant): Promise<void> {
  await variant.gateway?.stop();
  await variant.emulator?.stop();
}

/** Milliseconds per `messages` page, asked one at a time (the whole GraphQL round trip). */
async function pageMs(gateway: Service, query: string, times: number): Promise<number> {
  const body = JSON.stringify({ query });
  const samples: number[] = [];
  for (let index = 0; index < times; index += 1) {
    const started = performance.now();
    const response = await request(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { ...json, ...auth },
      body,
    });
    const answer = (await response.body.json()) as { errors?: unknown };
    samples.push(performance.now() - started);
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  }
  return round(median(samples));
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * The embedded ledger's memory under a long run of sends: the gateway's RSS after each tenth of
 * `total` sends (PGlite keeps its pages and caches in the gateway's process; they must level off).
 */
async function pgliteMemory(gateway: Service, total: number) {
  const autocannon = (await import('autocannon')).default;
  const step = total / 10;
  const samples: Array<{ sends: number; rssMb: number }> = [];
  for (let sent = step; sent <= total; sent += step) {
    phase(`memory: PGlite's gateway, ${sent} of ${total} sends`);
    await autocannon({
      url: `${gateway.url}/graphql`,
      method: 'POST',
      headers: { ...json, ...auth },
      body: SEND_ADMIN,
      amount: step,
      connections: 32,
    });
    samples.push({ sends: sent, rssMb: rssMb(gateway.pid) });
  }
  const first = samples[0]?.rssMb ?? 0;
  const half = samples[4]?.rssMb ?? 0;
  const last = samples.at(-1)?.rssMb ?? 0;
  return {
    total,
    samples,
    // Growth over the second half of the run: what an unbounded cache would show.
    secondHalfGrowth: half > 0 ? round((last - half) / half) : null,
    firstMb: first,
    lastMb: last,
  };
}

export async function scenarioLedger(quick: boolean) {
  const seconds = quick ? 2 : 5;
  // Nine rounds in a full run, as scenario 8 (an odd number: the median is one of them). The
  // machine's speed drifts by tens of percent from one minute to the next: short rounds, each
  // ratio taken within its round, and enough of them that one slow minute moves the median
  // little.
  const rounds = quick ? 1 : 9;
  const rows = quick ? FULL_ROWS / 10 : FULL_ROWS;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ledger-'));
  const schema = `bench_ledger_${process.pid}`;
  const withServer = await postgresAnswers();
  const variants: Variant[] = [
    { name: 'off', env: { LEDGER: 'off' } },
    { name: 'pglite', env: { LEDGER: 'on', LEDGER_DATA_DIR: dataDir } },
    ...(withServer
      ? [
          {
            name: 'postgres' as const,
            env: { LEDGER: 'on', DATABASE_URL: databaseUrl, LEDGER_SCHEMA: schema },
          },
          // A setting beside the default, compared in full runs only (--quick stays short).
          ...(quick
            ? []
            : [
                {
                  name: 'postgresAsync' as const,
                  env: {
                    LEDGER: 'on',
                    DATABASE_URL: databaseUrl,
                    LEDGER_SCHEMA: `${schema}_async`,
                    LEDGER_SYNCHRONOUS_COMMIT: 'off',
                  },
                },
              ]),
        ]
      : []),
  ];
  try {
    phase(`starting ${variants.length} gateways and their emulators`);
    // Side by side: each start waits mostly for its process to load and answer.
    await Promise.all(variants.map((variant) => start(variant)));
    const rps: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
    const cpuUs: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
    // Where a send's time goes on the whole machine: every process's CPU (the gateway, its
    // emulator, the load generator, PostgreSQL's server), and the gateway's wait for a core.
    const machineUs: Record<string, number[]> = Object.fromEntries(
      variants.map((v) => [v.name, []]),
    );
    const coreWaitUs: Record<string, number[]> = Object.fromEntries(
      variants.map((v) => [v.name, []]),
    );
    const floors: Record<string, LedgerFloorResult[]> = { pglite: [], postgres: [] };
    const floorOptions = {
      seconds,
      latencySeconds: quick ? 1 : 6,
      concurrency: 32,
      rate: 200,
    };
    // Each variant warmed to its steady state first (20 s; --quick: 1 s). PGlite's WebAssembly
    // is optimised by V8 as it runs hot: its CPU per send falls by about half over its first
    // 100,000 sends, so it gets a minute.
    for (const variant of variants) {
      phase(`warming up: ${variant.name}`);
      const url = `${(variant.gateway as Service).url}/graphql`;
      await saturate({
        url,
        body: SEND_ADMIN,
        headers: auth,
        connections: 32,
        seconds: quick ? 1 : variant.name === 'pglite' ? 60 : 20,
      });
    }
    // Interleaved rounds, so the machine's drift touches every variant alike; the order turns
    // each round, so that no variant always follows another.
    for (let index = 0; index < rounds; index += 1) {
      phase(`throughput: round ${index + 1} of ${rounds}`);
      for (const variant of turned(variants, index)) {
        const gateway = variant.gateway as Service;
        const cpuBefore = cpuMicros(gateway.pid);
        const machineBefore = machineCpuMicros();
        const waitBefore = coreWaitMicros(gateway.pid);
        const result = await saturate({
          url: `${gateway.url}/graphql`,
          body: SEND_ADMIN,
          headers: auth,
          connections: 32,
          seconds,
        });
        (rps[variant.name] as number[]).push(result.requestsPerSecond);
        (cpuUs[variant.name] as number[]).push(
          round((cpuMicros(gateway.pid) - cpuBefore) / result.requests),
        );
        (machineUs[variant.name] as number[]).push(
          round((machineCpuMicros() - machineBefore) / result.requests),
        );
        (coreWaitUs[variant.name] as number[]).push(
          round((coreWaitMicros(gateway.pid) - waitBefore) / result.requests),
        );
      }
      // Not in --quick: creating its engine (a new cluster, in WebAssembly) takes most of 15 s.
      if (!quick) {
        phase(`the ledger's floor on PGlite: round ${index + 1} of ${rounds}`);
        floors.pglite?.push(await ledgerFloor({ pglite: true }, floorOptions));
      }
      if (withServer) {
        phase(`the ledger's floor on PostgreSQL: round ${index + 1} of ${rounds}`);
        floors.postgres?.push(await ledgerFloor({ databaseUrl, maxConnections: 10 }, floorOptions));
      }
    }
    const latency: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
    for (let index = 0; index < rounds; index += 1) {
      phase(`latency at 200 sends/s: round ${index + 1} of ${rounds}`);
      for (const variant of variants) {
        const result = await fixedRate({
          origin: (variant.gateway as Service).url,
          path: '/graphql',
          body: SEND_ADMIN,
          headers: { ...json, ...auth },
          rate: 200,
          seconds: quick ? 1 : 6,
        });
        (latency[variant.name] as number[]).push(result.p50);
      }
    }
    const rss: Record<string, number> = {};
    for (const variant of variants) rss[variant.name] = rssMb((variant.gateway as Service).pid);
    const pgliteRss = await pgliteMemory(
      variants.find((each) => each.name === 'pglite')?.gateway as Service,
      quick ? 2_000 : 200_000,
    );

    // The page query at `rows` entries: seeded with the gateway stopped (PGlite has one owner).
    const pages: Record<string, unknown> = {};
    for (const variant of variants.filter((each) => ['pglite', 'postgres'].includes(each.name))) {
      await stop(variant);
      if (variant.name === 'pglite') {
        const db = await PGlite.create(dataDir);
        await db.exec(seedSql('ledger_entries', rows));
        await db.close();
      } else {
        await postgres(seedSql(`${schema}.ledger_entries`, rows));
      }
      await start(variant);
      const gateway = variant.gateway as Service;
      const times = quick ? 50 : 200;
      const queries = {
        newestMs: '{ messages(first: 20) { edges { cursor } } }',
        byContactMs:
          '{ messages(first: 20, filter: { contactId: "contact-7" }) { edges { node { id state } } } }',
        byStateMs: '{ messages(first: 20, filter: { state: UNKNOWN }) { edges { node { id } } } }',
      };
      // A fresh process's first pages run cold (its JIT, the engine's caches): each query is
      // asked as often first, as scenario 8 warms up, so the p50 is the steady state's.
      phase(`pages on ${variant.name}: warming up`);
      for (const query of Object.values(queries)) await pageMs(gateway, query, times);
      phase(`pages on ${variant.name}: measuring`);
      const measured: Record<string, number> = {};
      for (const [name, query] of Object.entries(queries)) {
        measured[name] = await pageMs(gateway, query, times);
      }
      pages[variant.name] = measured;
    }
    // Each ratio within its round (against the ledger off measured seconds before or after),
    // then the median over the rounds, with their range.
    const ratioOf = (table: Record<string, number[]>) => (name: string) =>
      table[name]?.length ? perRoundRatio(table[name], table.off as number[]) : null;
    const ratio = ratioOf(rps);
    const cpuRatio = ratioOf(cpuUs);
    const floorSummary = (runs: LedgerFloorResult[] | undefined) =>
      runs?.length
        ? {
            runs,
            sendsPerSecond: median(runs.map((r) => r.sendsPerSecond)),
            cpuUsPerSend: median(runs.map((r) => r.cpuUsPerSend)),
            machineCpuUsPerSend: median(runs.map((r) => r.machineCpuUsPerSend)),
            p50Ms: median(runs.map((r) => r.p50Ms)),
          }
        : null;
    // The most throughput a gateway whose ledger cost no more than the floor could reach, as a
    // ratio of the ledger off: its main thread serves every send (the ledger off's CPU per send,
    // plus the floor process's: the driver, or all of PGlite, in the gateway's thread), and the
    // machine's cores serve every process (the ledger off's whole-machine CPU per send, plus the
    // floor's). The lower of the two bounds; the floor measured at its own rate, which is higher
    // than the gateway's, so its per-send cost is a little lower (larger batches).
    const floorAllows = (runs: LedgerFloorResult[] | undefined) => {
      const offRps = median(rps.off as number[]);
      if (!runs?.length || !(offRps > 0)) return null;
      const thread =
        1e6 / (median(cpuUs.off as number[]) + median(runs.map((r) => r.cpuUsPerSend)));
      const machine =
        (CORES * 1e6) /
        (median(machineUs.off as number[]) + median(runs.map((r) => r.machineCpuUsPerSend)));
      return round(Math.min(thread, machine) / offRps);
    };
    const added = (name: string) =>
      latency[name]?.length ? round(median(latency[name]) - median(latency.off as number[])) : null;
    return {
      seconds,
      rps,
      ratioPglite: ratio('pglite'),
      ratioPostgres: ratio('postgres'),
      ratioPostgresAsync: ratio('postgresAsync'),
      cpuUsPerSend: cpuUs,
      machineCpuUsPerSend: machineUs,
      gatewayCoreWaitUsPerSend: coreWaitUs,
      cpuRatioPglite: cpuRatio('pglite'),
      cpuRatioPostgres: cpuRatio('postgres'),
      cpuRatioPostgresAsync: cpuRatio('postgresAsync'),
      floor: { pglite: floorSummary(floors.pglite), postgres: floorSummary(floors.postgres) },
      floorAllows: { pglite: floorAllows(floors.pglite), postgres: floorAllows(floors.postgres) },
      p50Ms: latency,
      addedP50MsPglite: added('pglite'),
      addedP50MsPostgres: added('postgres'),
      addedP50MsPostgresAsync: added('postgresAsync'),
      rssMb: rss,
      pgliteRss,
      rows,
      pages,
      postgres: withServer ? 'measured' : `skipped: nothing answers at ${databaseUrl}`,
    };
  } finally {
    for (const variant of variants) await stop(variant);
    rmSync(dataDir, { recursive: true, force: true });
    if (withServer) {
      // Each with the bulk job engine's schema beside it (pg-boss).
      for (const name of [schema, `${schema}_async`]) {
        await postgres(`drop schema if exists ${name} cascade`);
        await postgres(`drop schema if exists ${name}_pgboss cascade`);
      }
    }
  }
}
