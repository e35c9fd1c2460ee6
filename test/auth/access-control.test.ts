import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { SEED } from '../../src/emulator';
import {
  ConversationForMessageDocument,
  IntercomApiVersionDocument,
  SendAdminMessageDocument,
  SendUserMessageDocument,
  type SendAdminMessageInput,
} from '../../generated/graphql/graphql';
import { apiKeyEnv, jwtEnv, newApiKey, signJwt } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';

const inApp: SendAdminMessageInput = {
  messageType: 'IN_APP',
  body: 'Hi',
  from: { id: '394051' },
  to: { type: 'USER', id: SEED.users.ponies.id },
};
const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

function expectCode(answer: Awaited<ReturnType<Stack['execute']>>, code: string) {
  expect(answer.body.errors?.[0]?.extensions?.code).toBe(code);
}

describe('GATEWAY_AUTH=api-key', () => {
  const admin = newApiKey('backoffice', ['messages:admin', 'conversations:read']);
  const userOnly = newApiKey('chat-server', ['messages:user']);
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: apiKeyEnv([admin, userOnly]) });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it('lets a key with the scope send, as any admin', async () => {
    for (const id of ['394051', '814860']) {
      const answer = await stack.execute(
        SendAdminMessageDocument,
        { input: { ...inApp, from: { id } } },
        bearer(admin.key),
      );
      expect(answer.body.errors).toBeUndefined();
    }
  });

  it('refuses a missing or unknown key with UNAUTHENTICATED (401), before Intercom', async () => {
    for (const headers of [{}, bearer('not-a-key'), { authorization: admin.key }]) {
      const answer = await stack.execute(SendAdminMessageDocument, { input: inApp }, headers);
      expect(answer.status).toBe(401);
      expectCode(answer, 'UNAUTHENTICATED');
      expect(JSON.stringify(answer.body)).not.toContain(admin.key);
    }
    expect(stack.emulator.control.requests()).toEqual([]);
  });

  it('refuses a key without the scope with FORBIDDEN, before Intercom', async () => {
    const answer = await stack.execute(
      SendAdminMessageDocument,
      { input: inApp },
      bearer(userOnly.key),
    );
    expectCode(answer, 'FORBIDDEN');
    expect(answer.body.errors?.[0]?.message).toBe(
      'Your credentials do not allow sending admin messages: they need the messages:admin scope.',
    );
    const read = await stack.execute(
      ConversationForMessageDocument,
      { messageId: '1', contact: { type: 'USER', id: SEED.users.ponies.id } },
      bearer(userOnly.key),
    );
    expectCode(read, 'FORBIDDEN');
    expect(stack.emulator.control.requests()).toEqual([]);
  });

  it('lets a messages:user key send as any user (a trusted server)', async () => {
    const answer = await stack.execute(
      SendUserMessageDocument,
      { input: { from: { type: 'USER', id: SEED.users.glaucon.id }, body: 'Hey' } },
      bearer(userOnly.key),
    );
    expect(answer.body.errors).toBeUndefined();
  });
});

describe('GATEWAY_AUTH=jwt', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: jwtEnv() });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  const winston = {
    sub: SEED.users.ponies.externalId,
    email: SEED.users.ponies.email,
    scope: 'messages:user conversations:read',
  };

  it('lets a user send as themselves, named by userId, email or contact id', async () => {
    const token = await signJwt({ ...winston, intercom_contact_id: SEED.users.ponies.id });
    for (const from of [
      { type: 'USER' as const, userId: SEED.users.ponies.externalId },
      { type: 'USER' as const, email: SEED.users.ponies.email.toUpperCase() },
      { type: 'USER' as const, id: SEED.users.ponies.id },
    ]) {
      const answer = await stack.execute(
        SendUserMessageDocument,
        { input: { from, body: 'Hey' } },
        bearer(token),
      );
      expect(answer.body.errors).toBeUndefined();
    }
  });

  it('refuses a user sending as someone else, before Intercom', async () => {
    const token = await signJwt(winston);
    const answer = await stack.execute(
      SendUserMessageDocument,
      { input: { from: { type: 'USER', id: SEED.users.glaucon.id }, body: 'I am Glaucon' } },
      bearer(token),
    );
    expectCode(answer, 'FORBIDDEN');
    expect(answer.body.errors?.[0]?.message).toBe(
      'Your token only allows sending messages as yourself.',
    );
    expect(stack.emulator.control.requests()).toEqual([]);
  });

  it("refuses reading someone else's conversations, allows one's own", async () => {
    const token = await signJwt(winston);
    const other = await stack.execute(
      ConversationForMessageDocument,
      { messageId: '1', contact: { type: 'USER', id: SEED.users.glaucon.id } },
      bearer(token),
    );
    expectCode(other, 'FORBIDDEN');
    expect(stack.emulator.control.requests()).toEqual([]);
    const own = await stack.execute(
      ConversationForMessageDocument,
      { messageId: '1', contact: { type: 'USER', userId: SEED.users.ponies.externalId } },
      bearer(token),
    );
    expect(own.body.errors).toBeUndefined();
  });

  it('lets an admin token send only as its intercom_admin_ids', async () => {
    const token = await signJwt({
      sub: 'agent-7',
      scope: 'messages:admin',
      intercom_admin_ids: ['394051'],
    });
    const allowed = await stack.execute(SendAdminMessageDocument, { input: inApp }, bearer(token));
    expect(allowed.body.errors).toBeUndefined();
    const refused = await stack.execute(
      SendAdminMessageDocument,
      { input: { ...inApp, from: { id: '814860' } } },
      bearer(token),
    );
    expectCode(refused, 'FORBIDDEN');
    const any = await signJwt({ sub: 'ops', scope: 'messages:admin messages:admin:any' });
    const anyAdmin = await stack.execute(
      SendAdminMessageDocument,
      { input: { ...inApp, from: { id: '814860' } } },
      bearer(any),
    );
    expect(anyAdmin.body.errors).toBeUndefined();
  });

  it('refuses a user token sending admin messages', async () => {
    const token = await signJwt(winston);
    expectCode(
      await stack.execute(SendAdminMessageDocument, { input: inApp }, bearer(token)),
      'FORBIDDEN',
    );
  });

  it('refuses expired, forged, wrong-issuer and wrong-audience tokens with UNAUTHENTICATED', async () => {
    const tokens = [
      await signJwt(winston, { expiresIn: '-1m' }),
      await signJwt(winston, { secret: 'another-secret-that-is-also-32-bytes-or-more' }),
      await signJwt(winston, { issuer: 'https://evil.example.com/' }),
      await signJwt(winston, { audience: 'someone-else' }),
      'not.a.jwt',
    ];
    for (const token of tokens) {
      const answer = await stack.execute(
        SendUserMessageDocument,
        { input: { from: { type: 'USER', id: SEED.users.ponies.id }, body: 'x' } },
        bearer(token),
      );
      expect(answer.status).toBe(401);
      expectCode(answer, 'UNAUTHENTICATED');
    }
    expect(stack.emulator.control.requests()).toEqual([]);
  });
});

describe('GATEWAY_AUTH=none', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_AUTH: 'none' } });
  });
  afterAll(() => stack.close());

  it('lets anyone do anything (outside production only)', async () => {
    const answer = await stack.execute(IntercomApiVersionDocument);
    expect(answer.body.data?.intercomApiVersion).toBe('2.14');
  });
});

describe('GATEWAY_AUTH=jwt with a JWKS', () => {
  let jwks: Server;
  let stack: Stack;
  let privateKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const publicJwk = {
      ...(await exportJWK(pair.publicKey)),
      kid: 'test-key',
      alg: 'RS256',
      use: 'sig',
    };
    jwks = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', () => resolve()));
    const { port } = jwks.address() as AddressInfo;
    stack = await startStack({
      env: {
        GATEWAY_AUTH: 'jwt',
        GATEWAY_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        GATEWAY_JWT_ISSUER: 'https://auth.example.com/',
      },
    });
  });
  afterAll(async () => {
    await stack.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const sign = (key: KeyLike | Uint8Array, kid: string) =>
    new SignJWT({ sub: SEED.users.ponies.externalId, scope: 'messages:user' })
      .setProtectedHeader({ alg: key instanceof Uint8Array ? 'HS256' : 'RS256', kid })
      .setIssuer('https://auth.example.com/')
      .setExpirationTime('5m')
      .sign(key);

  it('accepts a token signed by a key in the JWKS, and refuses others', async () => {
    const input = {
      from: { type: 'USER' as const, userId: SEED.users.ponies.externalId },
      body: 'Hey',
    };
    const good = await stack.execute(
      SendUserMessageDocument,
      { input },
      bearer(await sign(privateKey, 'test-key')),
    );
    expect(good.body.errors).toBeUndefined();
    const stranger = (await generateKeyPair('RS256')).privateKey;
    const forged = await stack.execute(
      SendUserMessageDocument,
      { input },
      bearer(await sign(stranger, 'test-key')),
    );
    expect(forged.status).toBe(401);
    // An HMAC token must not pass as the JWKS's key (algorithm confusion).
    const hmac = await stack.execute(
      SendUserMessageDocument,
      { input },
      bearer(await sign(new TextEncoder().encode('x'.repeat(32)), 'test-key')),
    );
    expect(hmac.status).toBe(401);
  });
});
