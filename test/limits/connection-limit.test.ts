import { connect, type Socket } from 'node:net';
import { IntercomApiVersionDocument } from '../../generated/graphql/graphql';
import { metricValue } from '../helpers/metrics';
import { startStack, type Stack } from '../helpers/stack';

/** GATEWAY_MAX_CONNECTIONS: connections past it are closed as they are accepted, unanswered. */
let stack: Stack;
const open: Socket[] = [];

beforeAll(async () => {
  stack = await startStack({ env: { GATEWAY_MAX_CONNECTIONS: '2' } });
});
afterAll(async () => {
  for (const socket of open) socket.destroy();
  await stack.close();
});

/** A raw connection to the gateway; resolves once the gateway answered a request on it. */
async function heldConnection(): Promise<Socket> {
  const { port } = new URL(stack.gateway.url);
  const socket = connect(Number(port), '127.0.0.1');
  open.push(socket);
  socket.write('GET /healthz HTTP/1.1\r\nhost: gateway\r\n\r\n');
  await new Promise<void>((resolve, reject) => {
    socket.once('data', () => resolve());
    socket.once('close', () => reject(new Error('closed unanswered')));
  });
  return socket;
}

/** What a new connection gets: an answer, or closed with nothing. */
function attempt(): Promise<'answered' | 'closed'> {
  const { port } = new URL(stack.gateway.url);
  const socket = connect(Number(port), '127.0.0.1');
  open.push(socket);
  socket.on('error', () => undefined);
  socket.write('GET /healthz HTTP/1.1\r\nhost: gateway\r\nconnection: close\r\n\r\n');
  return new Promise((resolve) => {
    socket.once('data', () => resolve('answered'));
    socket.once('close', () => resolve('closed'));
  });
}

it('a connection past the limit is closed unanswered and counted; one closing makes room', async () => {
  const first = await heldConnection();
  await heldConnection();

  expect(await attempt()).toBe('closed');

  // Closing one makes room again (the server learns of the close asynchronously).
  first.destroy();
  await new Promise((resolve) => first.once('close', resolve));
  let answer: 'answered' | 'closed' = 'closed';
  while (answer === 'closed') answer = await attempt();
  expect(answer).toBe('answered');

  // Room for one: free it, then read the count over HTTP.
  for (const socket of open) socket.destroy();
  let dropped = -1;
  while (dropped < 1)
    dropped = await metricValue(stack, 'gateway_connections_dropped_total').catch(() => -1);
  expect(dropped).toBeGreaterThanOrEqual(1);
  const answered = await stack.execute(IntercomApiVersionDocument);
  expect(answered.status).toBe(200);
});
