import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { AuthConfig } from '../config';
import { UnauthenticatedError } from './errors';
import type { Principal } from './principal';
import { isScope } from './scopes';

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
        ...(this.config.jwtSecret ? { algorithms: ['HS256'] } : {}),
      });
      payload = verified.payload;
    } catch (error) {
      const expired = error instanceof joseErrors.JWTExpired;
      throw new UnauthenticatedError(
        expired ? 'The token has expired.' : 'The token is not valid.',
      );
    }
    const scopes = new Set(
      (typeof payload.scope === 'string' ? payload.scope.split(' ') : []).filter(isScope),
    );
    const adminIds = Array.isArray(payload.intercom_admin_ids)
      ? payload.intercom_admin_ids.map(String)
      : [];
    const userId = text(payload[this.config.jwtUserIdClaim]);
    return {
      id: `jwt:${text(payload.sub) ?? userId ?? 'unknown'}`,
      kind: 'jwt',
      scopes,
      person: { userId, contactId: text(payload.intercom_contact_id), email: text(payload.email) },
      adminIds: new Set(adminIds),
    };
  }
}
