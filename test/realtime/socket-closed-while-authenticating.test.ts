import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { request } from 'undici';
import WebSocket from 'ws';
import { SEED } from '../../src/emulator';
import { startStack, type Stack } from '../helpers/stack';
import { subscriptionClient } from '../helpers/subscriptions';

/**
 * A WebSocket that goes away while the gateway is still checking its credentials (here, waiting
 * for the JWKS) must not keep one of its client's slots: with one socket allowed per client, the
 * client can connect again afterwards.
 */
let jwks: Server;
let stack: Stack;
let token: string;
/** JWKS requests held until the test lets them answer; after that, answered at once. */
const held: ServerResponse[] = [];
let released = false;
let jwksBody = '';
let jwksAsked: () => void;
const firstJwksRequest = new Promise<void>((resolve) => (jwksAsked = resolve));

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k', alg: 'RS256', use: 'sig' };
  jwksBody = JSON.stringify({ keys: [jwk] });
  jwks = createServer((_request, response) => {
    held.push(response);
    jwksAsked();
    if (released) answerJwks();
  });
  jwks.listen(0, '127.0.0.1');
  await once(jwks, 'listening');
  const { port } = jwks.address() as AddressInfo;
  stack = await startStack({
    env: {
      GATEWAY_AUTH: 'jwt',
      GATEWAY_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
      GATEWAY_JWT_ISSUER: 'https://auth.example.com/',
      GATEWAY_WS_MAX_SOCKETS_PER_CLIENT: '1',
    },
  });
  token = await new SignJWT({ sub: SEED.users.ponies.externalId, scope: 'messages:user' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k' })
    .setIssuer('https://auth.example.com/')
    .setExpirationTime('5m')
    .sign(pair.privateKey);
});

afterAll(async () => {
  await stack.close();
  jwks.closeAllConnections();
  await new Promise((resolve) => jwks.close(resolve));
});

function answerJwks(): void {
  released = true;
  for (const response of held.splice(0)) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(jwksBody);
  }
}

it('leaves no slot behind for a socket closed before its credentials were checked', async () => {
  const url = stack.gateway.graphqlUrl.replace(/^http/, 'ws');
  const early = new WebSocket(url, 'graphql-transport-ws');
  await once(early, 'open');
  early.send(
    JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
  );
  await firstJwksRequest;
  early.terminate();
  await once(early, 'close');

  // From now on every check has the keys; this request's check waits for the same answer, so
  // once it is answered, the closed socket's check has finished too.
  const checked = request(stack.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ intercomApiVersion }' }),
  });
  answerJwks();
  const response = await checked;
  await response.body.dump();
  expect(response.statusCode).toBe(200);

  const { client, closed } = subscriptionClient(stack.gateway.graphqlUrl, {
    authorization: `Bearer ${token}`,
  });
  try {
    const outcome = await Promise.race([
      new Promise<string>((resolve) => client.on('connected', () => resolve('connected'))),
      closed.then((event) => `closed ${event.code}`),
    ]);
    expect(outcome).toBe('connected');
  } finally {
    await client.dispose();
  }
});
