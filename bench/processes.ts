import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { request } from 'undici';

/** The emulator and the gateway as separate processes, as they run in production. */
const root = resolve(__dirname, '..');

export const BENCH_KEY = 'bench-key-not-a-secret';
export const BENCH_KEY_SHA256 = createHash('sha256').update(BENCH_KEY).digest('hex');

export interface Service {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** The gateway: its /metrics on a port of its own, as production requires. */
export interface GatewayService extends Service {
  readonly metricsUrl: string;
}

/** A port nobody holds right now. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode})`);
    try {
      const response = await request(url);
      await response.body.dump();
      return;
    } catch {
      await new Promise((wake) => setTimeout(wake, 50));
    }
  }
  throw new Error(`${url} never answered`);
}

async function startProcess(
  script: string,
  env: Record<string, string>,
  readyPath: string,
  port: number,
): Promise<Service> {
  // Output goes nowhere: the load generator must not pay for reading logs.
  const child = spawn(process.execPath, [resolve(root, script)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}${readyPath}`, child);
  return {
    url,
    pid: child.pid as number,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export async function startEmulatorProcess(env: Record<string, string> = {}): Promise<Service> {
  const port = await freePort();
  return startProcess(
    'dist/emulator/main.js',
    {
      EMULATOR_PORT: String(port),
      EMULATOR_RATE_LIMIT: '0',
      EMULATOR_NEW_CONTACT_DELAY_MS: '0',
      ...env,
    },
    '/_emulator/state',
    port,
  );
}

export async function startGatewayProcess(
  emulatorUrl: string,
  env: Record<string, string> = {},
): Promise<GatewayService> {
  const port = await freePort();
  const metricsPort = await freePort();
  const service = await startProcess(
    'dist/main.js',
    {
      PORT: String(port),
      INTERCOM_ACCESS_TOKEN: 'emulator-token',
      INTERCOM_BASE_URL: emulatorUrl,
      // The benchmark measures the GraphQL path, not access control: an API key.
      GATEWAY_AUTH: 'api-key',
      GATEWAY_API_KEYS: JSON.stringify([
        {
          name: 'bench',
          sha256: BENCH_KEY_SHA256,
          scopes: ['messages:admin', 'messages:user', 'conversations:read'],
        },
      ]),
      GATEWAY_RATE_LIMIT: '0',
      GATEWAY_METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'info',
      // The ledger is measured by its own scenario.
      LEDGER: 'off',
      ...env,
    },
    '/readyz',
    port,
  );
  return { ...service, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
}

/** Resident set size of a process, in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

/**
 * A floor server of scenario 8 against the emulator: bench/floor-server.mjs (no GraphQL) or
 * bench/apollo-floor-server.mjs (bare Apollo Server).
 */
export async function startFloorProcess(
  emulatorUrl: string,
  script = 'bench/floor-server.mjs',
): Promise<Service> {
  const port = await freePort();
  return startProcess(script, { PORT: String(port), EMULATOR_URL: emulatorUrl }, '/', port);
}

/** CPU time a process has used so far (user + system), in microseconds. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at state, field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU time the whole machine has spent busy so far (every process and the kernel: /proc/stat's
 * user, nice, system, irq, softirq and steal), in microseconds.
 */
export function machineCpuMicros(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  const ticks = [user, nice, system, irq, softirq, steal].reduce<number>((a, b) => a + (b ?? 0), 0);
  return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * How long a process's main thread has so far waited for a core while ready to run (the second
 * field of /proc/<pid>/task/<pid>/schedstat), in microseconds: time the other processes held
 * both cores.
 */
export function coreWaitMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ');
  return Number(fields[1]) / 1000;
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times (100 on every mainstream build). */
const CLOCK_TICKS_PER_SECOND = 100;

/** The machine's cores, counted before anything is pinned (a pinned process sees its own). */
export const CORES = availableParallelism();

/**
 * Puts every thread of a process on the given cores (`taskset`, util-linux); false where that
 * cannot be done (no taskset, or fewer cores than asked for).
 */
export function pinToCores(pid: number, cores: string): boolean {
  const highest = Math.max(...cores.split(/[-,]/).map(Number));
  if (!(highest < CORES)) return false;
  try {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cores, String(pid)], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/** Every core of the machine, as taskset names them: what a process is unpinned to. */
export const ALL_CORES = `0-${CORES - 1}`;
