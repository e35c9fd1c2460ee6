import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { hashApiKey } from '../../src/auth/api-keys';
import type { Scope } from '../../src/auth/scopes';

export interface TestApiKey {
  key: string;
  entry: { name: string; sha256: string; scopes: Scope[] };
}

export function newApiKey(name: string, scopes: Scope[]): TestApiKey {
  const key = `test_${randomBytes(24).toString('base64url')}`;
  return { key, entry: { name, sha256: hashApiKey(key).toString('hex'), scopes } };
}

export const apiKeyEnv = (keys: TestApiKey[]): Record<string, string> => ({
  GATEWAY_AUTH: 'api-key',
  GATEWAY_API_KEYS: JSON.stringify(keys.map((key) => key.entry)),
});

export const JWT_SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';

export const jwtEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  GATEWAY_AUTH: 'jwt',
  GATEWAY_JWT_SECRET: JWT_SECRET,
  GATEWAY_JWT_ISSUER: 'https://auth.example.com/',
  GATEWAY_JWT_AUDIENCE: 'intercom-messages-gateway',
  ...extra,
});

export function signJwt(
  claims: Record<string, unknown>,
  options: { secret?: string; expiresIn?: string; issuer?: string; audience?: string } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setIssuer(options.issuer ?? 'https://auth.example.com/')
    .setAudience(options.audience ?? 'intercom-messages-gateway')
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}
