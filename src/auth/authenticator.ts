import type { AuthConfig } from '../config';
import { matchApiKey } from './api-keys';
import { UnauthenticatedError } from './errors';
import { JwtVerifier } from './jwt';
import { principalId, type Principal } from './principal';
import { SCOPES } from './scopes';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Turns a request's credentials into a Principal, or refuses them (UnauthenticatedError). */
export class Authenticator {
  private readonly jwt: JwtVerifier | undefined;

  constructor(private readonly config: AuthConfig) {
    this.jwt = config.mode === 'jwt' ? new JwtVerifier(config) : undefined;
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
    const entry = matchApiKey(credential, this.config.apiKeys);
    if (!entry) throw new UnauthenticatedError('The API key is not valid.');
    return {
      id: principalId('key', entry.name),
      kind: 'api-key',
      scopes: new Set(entry.scopes),
      person: null,
      adminIds: new Set(),
      expiresAt: null,
    };
  }
}
