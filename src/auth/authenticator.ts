import type { AuthConfig } from '../config';
import { knownKeys, matchApiKey, type KnownKey } from './api-keys';
import { UnauthenticatedError } from './errors';
import { JwtVerifier } from './jwt';
import { principalId, type Principal } from './principal';
import { SCOPES } from './scopes';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Turns a request's credentials into a Principal, or refuses them (UnauthenticatedError). */
export class Authenticator {
  private readonly jwt: JwtVerifier | undefined;
  /** The API keys' hashes and principals, built once: a request only hashes what it offers. */
  private readonly apiKeys: ReadonlyArray<KnownKey<Principal>>;

  constructor(private readonly config: AuthConfig) {
    this.jwt = config.mode === 'jwt' ? new JwtVerifier(config) : undefined;
    this.apiKeys = knownKeys(config.apiKeys, (entry) =>
      Object.freeze({
        id: principalId('key', entry.name),
        kind: 'api-key' as const,
        scopes: new Set(entry.scopes),
        person: null,
        adminIds: new Set<string>(),
        expiresAt: null,
      }),
    );
  }

  get mode(): AuthConfig['mode'] {
    return this.config.mode;
  }

  async authenticate(authorization: string | undefined, remoteAddress: string): Promise<Principal> {
    if (this.config.mode === 'none') {
      return {
        id: principalId('ip', remoteAddress),
        kind: 'anonymous',
        scopes: new Set(SCOPES),
        person: null,
        adminIds: new Set(),
        expiresAt: null,
      };
    }
    const credential = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (credential === undefined) {
      throw new UnauthenticatedError(
        this.config.mode === 'api-key'
          ? 'Send an API key: Authorization: Bearer <key>.'
          : 'Send a token: Authorization: Bearer <JWT>.',
      );
    }
    if (this.jwt) return this.jwt.verify(credential);
    const principal = matchApiKey(credential, this.apiKeys);
    if (!principal) throw new UnauthenticatedError('The API key is not valid.');
    return principal;
  }
}
