import { IntercomAuthError, IntercomError } from './errors';
import type { IntercomClient } from './client';

/** Who the access token acts as, from `GET /me`. */
export interface TokenOwner {
  readonly adminId: string;
  readonly adminName: string | undefined;
  readonly workspaceId: string | undefined;
  readonly workspaceName: string | undefined;
}

/**
 * - `unverified`: not asked yet, or Intercom could not be reached to ask.
 * - `verified`: Intercom accepted the token (at start-up or on a later call).
 * - `refused`: Intercom answered 401: nothing will work until an operator changes the token.
 */
export type TokenState = 'unverified' | 'verified' | 'refused';

export type VerificationOutcome =
  | { readonly state: 'verified'; readonly owner: TokenOwner }
  | { readonly state: 'refused' }
  | { readonly state: 'unverified'; readonly reason: string };

interface MeWire {
  id?: unknown;
  name?: unknown;
  app?: { id_code?: unknown; name?: unknown } | null;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length <= 200 ? value : undefined;

/**
 * Whether Intercom accepts the gateway's token: asked once with `GET /me` at start-up (so a
 * wrong token shows in the log and in `/readyz` before a customer's send fails), then kept
 * current by what every later call answers.
 */
export class TokenVerification {
  private current: TokenState = 'unverified';

  get state(): TokenState {
    return this.current;
  }

  /** Every answer Intercom gives says something about the token. */
  observe(status: number | undefined): void {
    if (status === 401) this.current = 'refused';
    else if (status !== undefined && status >= 200 && status < 300) this.current = 'verified';
  }

  /** Asks; the answer also reaches `observe` through the client's observer. */
  async verify(client: IntercomClient): Promise<VerificationOutcome> {
    try {
      const me = await client.request<MeWire>({
        method: 'GET',
        path: '/me',
        kind: 'read',
        route: 'GET /me',
      });
      const owner: TokenOwner = {
        adminId: text(typeof me.id === 'number' ? String(me.id) : me.id) ?? 'unknown',
        adminName: text(me.name),
        workspaceId: text(me.app?.id_code),
        workspaceName: text(me.app?.name),
      };
      return { state: 'verified', owner };
    } catch (error) {
      if (error instanceof IntercomAuthError && error.status === 401) return { state: 'refused' };
      if (error instanceof IntercomError) return { state: 'unverified', reason: error.message };
      throw error;
    }
  }
}
