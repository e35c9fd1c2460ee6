import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { request } from 'undici';

/** The built gateway (dist/main.js) as a real process, to kill, stop and start again. */
export interface GatewayProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `pattern` in its output; throws if it exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves with its exit code (and the signal that ended it, if any). */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Set once it printed its banner. */
  readonly url: string;
  readonly graphqlUrl: string;
  /** POSTs one GraphQL operation; answers the HTTP status and the parsed body. */
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  /** GET /readyz. */
  readyz(): Promise<{ status: number; body: any }>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
}

const root = resolve(__dirname, '../..');

/** Every process started, so that a suite's afterAll can kill what a failed test left. */
const started: ChildProcessWithoutNullStreams[] = [];

export function killGatewayProcesses(): void {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Starts the gateway with `env` (on PATH only otherwise); resolves once it is ready. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const child = launchGatewayProcess(env);
  const [, graphqlUrl] = await child.waitFor(/GraphQL gateway ready: (\S+)/);
  const url = (graphqlUrl as string).replace(/\/graphql$/, '');
  return Object.assign(child, { url, graphqlUrl: graphqlUrl as string });
}

/** Starts the gateway with `env` without waiting for it (for start-ups that should fail). */
export function launchGatewayProcess(
  env: Record<string, string>,
): Omit<GatewayProcess, 'url' | 'graphqlUrl'> & { url: string; graphqlUrl: string } {
  const child = spawn(process.execPath, [resolve(root, 'dist/main.js')], {
    cwd: root,
    // An embedded emulator keeps nothing unless a test gives it a folder: none writes the checkout's.
    env: { PATH: process.env.PATH ?? '', PORT: '0', EMULATOR_DATA_DIR: 'memory://', ...env },
  });
  started.push(child);
  let seen = '';
  const waiting = new Set<() => void>();
  const wake = () => {
    for (const resume of [...waiting]) resume();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
    wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
    wake();
  });
  const exit = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  void exit.then(wake);
  const gateway = {
    child,
    url: '',
    graphqlUrl: '',
    output: () => seen,
    async waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
      for (;;) {
        const match = seen.match(pattern);
        if (match) return match;
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`exited before printing ${pattern}: ${seen}`);
        await new Promise<void>((resume) => {
          const done = () => {
            waiting.delete(done);
            resume();
          };
          waiting.add(done);
        });
      }
    },
    exited: () => exit,
    async graphql(
      query: string,
      variables?: Record<string, unknown>,
      headers: Record<string, string> = {},
    ) {
      const response = await request(gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.statusCode, body: (await response.body.json()) as any };
    },
    async readyz() {
      const response = await request(`${gateway.url}/readyz`);
      return { status: response.statusCode, body: (await response.body.json()) as any };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exit;
    },
  };
  return gateway;
}
