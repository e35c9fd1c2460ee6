/**
 * Two gateways side by side, CPU per request: what one setting, or one part turned off, costs.
 * Both run the bench's production settings against one emulator, on core 0 (the emulator and the
 * load generator on core 1); each round drives each gateway in turn with the same requests, and
 * the ratio B / A is taken within the round. A change smaller than the spread of the rounds'
 * ratios (a few percent on a shared virtual machine) cannot be told from none.
 *
 *   npx tsx bench/compare.ts [--rounds=12] [--requests=10000] [--operation=send|trivial] \
 *     [--a=NAME=VALUE,...] [--b=NAME=VALUE,...]
 *
 * `--a`/`--b` are environment variables of each gateway, `NAME=VALUE` joined by commas. With
 * `NODE_OPTIONS=--require ./bench/without.cjs,WITHOUT=validation+metrics`, say, a gateway runs
 * with parts of its work turned off (bench/without.cjs): a measurement of what each costs, never
 * a setting. Build first (`npm run build`).
 */
import { median, perRoundRatio, sendAmount, turned } from './load';
import { SEND_ADMIN, gql } from './operations';
import { phase } from './progress';
import {
  BENCH_KEY,
  cpuMicros,
  pinToCores,
  startEmulatorProcess,
  startGatewayProcess,
  type Service,
} from './processes';

function option(name: string, fallback: string): string {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given === undefined ? fallback : given.slice(name.length + 3);
}

/** `NAME=VALUE,NAME=VALUE`; a value may hold `=` (NODE_OPTIONS), not `,`. */
function environment(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`not NAME=VALUE: ${pair} (join WITHOUT's names with +)`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

const drive = (url: string, payload: string, amount: number) =>
  sendAmount(`${url}/graphql`, payload, amount, { authorization: `Bearer ${BENCH_KEY}` });

async function main(): Promise<void> {
  const rounds = Number(option('rounds', '12'));
  const amount = Number(option('requests', '10000'));
  const payload =
    option('operation', 'send') === 'trivial' ? gql('{ intercomApiVersion }') : SEND_ADMIN;
  // Read before any process starts: a mistyped option leaves nothing running.
  const settings = { A: environment(option('a', '')), B: environment(option('b', '')) };
  // Every process started is stopped, whatever fails after it.
  const started: Service[] = [];
  const start = async (service: Promise<Service>) => {
    started.push(await service);
    return started.at(-1) as Service;
  };
  try {
    const emulator = await start(startEmulatorProcess());
    const servers: Record<string, Service> = {
      A: await start(startGatewayProcess(emulator.url, settings.A)),
      B: await start(startGatewayProcess(emulator.url, settings.B)),
    };
    const pinned =
      Object.values(servers).every((server) => pinToCores(server.pid, '0')) &&
      pinToCores(emulator.pid, '1') &&
      pinToCores(process.pid, '1');
    if (!pinned)
      phase('not pinned to cores (taskset or a second core missing): expect more spread');
    let failures = 0;
    phase('warming up');
    for (const server of Object.values(servers))
      failures += await drive(server.url, payload, amount);
    const micros: Record<string, number[]> = { A: [], B: [] };
    for (let round = 0; round < rounds; round += 1) {
      for (const label of turned(['A', 'B'], round)) {
        const server = servers[label] as Service;
        const before = cpuMicros(server.pid);
        failures += await drive(server.url, payload, amount);
        (micros[label] as number[]).push((cpuMicros(server.pid) - before) / amount);
      }
      const a = micros.A?.at(-1) ?? 0;
      const b = micros.B?.at(-1) ?? 0;
      phase(`round ${round + 1} of ${rounds}: A ${a.toFixed(0)} µs, B ${b.toFixed(0)} µs`);
    }
    const ratio = perRoundRatio(micros.B as number[], micros.A as number[]);
    console.log(
      JSON.stringify({
        rounds,
        requests: amount,
        failures,
        aUs: Math.round(median(micros.A as number[])),
        bUs: Math.round(median(micros.B as number[])),
        bOverA: ratio.median,
        range: ratio.range,
      }),
    );
  } finally {
    for (const service of started.reverse()) await service.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
