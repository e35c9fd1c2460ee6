import type { EmulatorStore } from './store';
import type { ApiVersion } from './versions';

/** What a route handler gets: the parsed request and the emulator's state. */
export interface EmulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly version: ApiVersion;
  /** The emulator's own origin as the client reached it, for absolute `pages.next` URLs. */
  readonly origin: string;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface EmulatorContext {
  readonly store: EmulatorStore;
  readonly newContactDelayMs: number;
  /** Called when a conversation opens, someone writes in it or an admin acts on it (webhooks). */
  readonly onConversationEvent: (event: ConversationEvent) => void;
}

export interface ConversationEvent {
  readonly topic:
    | 'conversation.user.created'
    | 'conversation.user.replied'
    | 'conversation.admin.single.created'
    | 'conversation.admin.replied'
    | 'conversation.admin.noted'
    | 'conversation.admin.closed'
    | 'conversation.admin.opened'
    | 'conversation.admin.snoozed'
    | 'conversation.admin.unsnoozed'
    | 'conversation.admin.assigned';
  readonly conversationId: string;
}

export type RouteHandler = (
  request: EmulatorRequest,
  context: EmulatorContext,
) => EmulatorResponse | Promise<EmulatorResponse>;

export const ok = (body: unknown): EmulatorResponse => ({ status: 200, body });

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
