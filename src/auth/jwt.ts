import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { AuthConfig } from '../config';
import { UnauthenticatedError } from './errors';
import { principalId, type Principal } from './principal';
import { isScope } from './scopes';

/**
 * How far ahead of this gateway's clock a token's `iat` may lie: an issuer's clock may run a
 * little fast, but a token issued in the future would carry its lifetime limit with it.
 */
export const JWT_CLOCK_SKEW_SECONDS = 60;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/** Verifies end-user JWTs (HS256 secret or a JWKS) and reads scopes and identity from claims. */
export class JwtVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;

  constructor(private readonly config: AuthConfig) {
    this.key = config.jwksUrl
      ? createRemoteJWKSet(new URL(config.jwksUrl))
      : new TextEncoder().encode(config.jwtSecret ?? '');
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(token, this.key as Uint8Array, {
        issuer: this.config.jwtIssuer,
        audience: this.config.jwtAudience,
        // A token without an expiry would be valid forever.
        requiredClaims: ['exp'],
        ...(this.config.jwtSecret ? { algorithms: ['HS256'] } : {}),
      });
      payload = verified.payload;
    } catch (error) {
      const expired = error instanceof joseErrors.JWTExpired;
      throw new UnauthenticatedError(
        expired ? 'The token has expired.' : 'The token is not valid.',
      );
    }
    const expiresAt = (payload.exp as number) * 1000;
    const now = Date.now();
    const issuedAt = typeof payload.iat === 'number' ? payload.iat * 1000 : now;
    // Else `exp - iat` would pass the lifetime limit for a token valid for years from now.
    if (issuedAt > now + JWT_CLOCK_SKEW_SECONDS * 1000) {
      throw new UnauthenticatedError(
        `The token was issued in the future (more than ${JWT_CLOCK_SKEW_SECONDS} seconds ahead of the gateway's clock).`,
      );
    }
    if (expiresAt - issuedAt > this.config.jwtMaxLifetimeSeconds * 1000) {
      throw new UnauthenticatedError(
        'The token is valid for longer than this gateway accepts (GATEWAY_JWT_MAX_LIFETIME_SECONDS).',
      );
    }
    const scopes = new Set(
      (typeof payload.scope === 'string' ? payload.scope.split(' ') : []).filter(isScope),
    );
    const adminIds = Array.isArray(payload.intercom_admin_ids)
      ? payload.intercom_admin_ids.map(String)
      : [];
    const userId = text(payload[this.config.jwtUserIdClaim]);
    const subject = text(payload.sub) ?? userId;
    // Without an identity, every such token would share one rate budget and idempotency space.
    if (subject === null) {
      throw new UnauthenticatedError('The token names nobody: it needs a sub claim.');
    }
    return {
      id: principalId('jwt', subject),
      expiresAt,
      kind: 'jwt',
      scopes,
      person: { userId, contactId: text(payload.intercom_contact_id), email: text(payload.email) },
      adminIds: new Set(adminIds),
    };
  }
}
