/**
 * Scenario 8: CPU per request. The gateway (production settings, logs at info), the floor
 * (bench/floor-server.mjs: node:http, JSON and one undici request, nothing else) and the
 * framework's floor (bench/apollo-floor-server.mjs: bare Apollo Server with the same schema and
 * plain resolvers doing what the floor does) serve the same operations against the same
 * emulator, in interleaved rounds; each process's CPU time
 * (utime + stime from /proc) over a fixed number of requests, divided by that number. The
 * emulator's CPU is counted apart. Wall-clock throughput on a shared 2-core machine mixes the
 * three processes' costs; CPU per request does not.
 *
 * The machine's speed drifts by tens of percent from one minute to the next, more than the
 * differences measured here. So the ratios are taken within each round, between measurements
 * seconds apart (the order of the servers turning each round, so none always follows another),
 * and the median of those per-round ratios is reported with their range.
 *
 * The servers measured run on core 0, the emulator and the load generator on core 1 (where
 * taskset and two cores are there): a server then shares its core with nothing else driven at
 * the time, and its CPU time does not swell with the others' contention for the same cores.
 */
import { phase } from './progress';
import { request } from 'undici';
import { median, perRoundRatio, sendAmount, turned } from './load';
import { PONIES, SEND_ADMIN } from './operations';
import {
  ALL_CORES,
  BENCH_KEY,
  cpuMicros,
  pinToCores,
  startEmulatorProcess,
  startFloorProcess,
  startGatewayProcess,
  type Service,
} from './processes';

const json = { 'content-type': 'application/json' };
const auth = { authorization: `Bearer ${BENCH_KEY}` };

const body = (query: string, variables?: unknown) => JSON.stringify({ query, variables });

const drive = (url: string, payload: string, amount: number) =>
  sendAmount(url, payload, amount, auth);

export async function scenarioCpu(quick: boolean) {
  const amount = quick ? 1000 : 10_000;
  // Medians of nine: CPU time on a shared virtual machine varies by tens of percent per round.
  const rounds = quick ? 1 : 9;
  const emulator = await startEmulatorProcess();
  const gateway = await startGatewayProcess(emulator.url);
  const floor = await startFloorProcess(emulator.url);
  const apollo = await startFloorProcess(emulator.url, 'bench/apollo-floor-server.mjs');
  const pinned =
    [gateway, floor, apollo].every((server) => pinToCores(server.pid, '0')) &&
    pinToCores(emulator.pid, '1') &&
    pinToCores(process.pid, '1');
  phase(
    pinned
      ? 'servers pinned to core 0, the emulator and the load generator to core 1'
      : 'not pinned to cores (taskset or a second core missing): expect more spread',
  );
  try {
    // A message the contact replied to, for the cached conversation lookup.
    const sent = await request(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { ...json, ...auth },
      body: body(
        'mutation { sendAdminMessage(input: { messageType: IN_APP, body: "Hi", from: { id: "394051" }, to: { type: USER, id: "536e564f316c83104c000020" } }) { id } }',
      ),
    });
    const messageId = ((await sent.body.json()) as any).data.sendAdminMessage.id as string;
    await request(`${emulator.url}/_emulator/messages/${messageId}/reply`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ body: 'Hello' }),
    });
    // The lookup runs first: the emulator's bounded store forgets old messages under the sends.
    const operations: Record<string, string> = {
      conversationForMessage: body(
        'query Find($messageId: ID!, $contact: ContactInput!) { conversationForMessage(messageId: $messageId, contact: $contact) { id source { id } } }',
        { messageId, contact: { type: 'USER', id: PONIES } },
      ),
      trivial: body('{ intercomApiVersion }'),
      sendAdminMessage: SEND_ADMIN,
    };
    const servers: Record<string, Service> = { gateway, apollo, floor };
    const micros: Record<string, Record<string, number[]>> = {};
    const emulatorMicros: Record<string, number[]> = {};
    let failures = 0;
    for (const [name, payload] of Object.entries(operations)) {
      micros[name] = { gateway: [], apollo: [], floor: [] };
      emulatorMicros[name] = [];
      // Warm up every server (JIT, pools, the conversation cache): the gateway's code takes
      // longer than the floors' to reach its steady state, so each gets as many requests as a
      // round (a fifth of it with --quick).
      phase(`${name}: warming up`);
      for (const server of Object.values(servers)) {
        await drive(`${server.url}/graphql`, payload, quick ? Math.min(2000, amount) : amount);
      }
      const labels = Object.keys(servers);
      for (let round = 0; round < rounds; round += 1) {
        phase(`${name}: round ${round + 1} of ${rounds}`);
        for (const label of turned(labels, round)) {
          const server = servers[label] as Service;
          const before = cpuMicros(server.pid);
          const emulatorBefore = cpuMicros(emulator.pid);
          failures += await drive(`${server.url}/graphql`, payload, amount);
          (micros[name]?.[label] as number[]).push((cpuMicros(server.pid) - before) / amount);
          if (label === 'gateway') {
            (emulatorMicros[name] as number[]).push(
              (cpuMicros(emulator.pid) - emulatorBefore) / amount,
            );
          }
        }
      }
    }
    const summary: Record<string, unknown> = {};
    for (const [name, byServer] of Object.entries(micros)) {
      const ratio = perRoundRatio(byServer.gateway as number[], byServer.floor as number[]);
      const apolloRatio = perRoundRatio(byServer.apollo as number[], byServer.floor as number[]);
      const overApollo = perRoundRatio(byServer.gateway as number[], byServer.apollo as number[]);
      summary[name] = {
        gatewayUs: Math.round(median(byServer.gateway as number[])),
        apolloUs: Math.round(median(byServer.apollo as number[])),
        floorUs: Math.round(median(byServer.floor as number[])),
        ratio: ratio.median,
        apolloRatio: apolloRatio.median,
        gatewayOverApollo: overApollo.median,
        gatewayOverApolloRange: overApollo.range,
        emulatorUs: Math.round(median(emulatorMicros[name] as number[])),
      };
    }
    return { amount, rounds, connections: 16, pinned, failures, ...summary };
  } finally {
    // The scenarios after this one load every core (and their processes inherit this one's
    // cores): unpinned whether or not every pin took.
    pinToCores(process.pid, ALL_CORES);
    await apollo.stop();
    await floor.stop();
    await gateway.stop();
    await emulator.stop();
  }
}
