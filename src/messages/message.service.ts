import { ContactDirectory } from '../contacts/contact-directory';
import { InputError } from '../domain-errors';
import type { IntercomRequester } from '../intercom/client';
import type {
  AdminMessageRequest,
  ContactReference,
  SentAdminMessage,
  SentUserMessage,
  UserMessageRequest,
} from './message.model';
import type { LedgerRecorder } from '../ledger/ledger-recorder';
import type { LedgerEntryStart, LedgerParty } from '../ledger/ledger.model';
import { fingerprintOf, type IdempotentSends, type OutcomeCodec } from './idempotency';
import { toSentAdminMessage, toSentUserMessage, type MessageWire } from './message-response';
import { wireFormatV1 } from './wire/v1';
import { wireFormatV2 } from './wire/v2';
import type { WireFormat } from './wire/wire-format';

/** Who asks, and the key that makes a retried send safe. */
export interface SendOptions {
  /** The caller's stable id: idempotency keys are scoped to it. */
  readonly clientId: string;
  readonly idempotencyKey?: string | null;
}

/**
 * A send's result as its idempotency record keeps it: JSON (dates travel as ISO strings), and
 * without the body when it is the one the request sent. A replay carries the same input (the
 * fingerprint says so), so the request gives the body back: a record costs the same whether the
 * message was one line or 64 KiB. A body Intercom changed is kept as Intercom answered it.
 */
function sentMessageCodec<T extends { createdAt: Date; state: 'SENT'; body: string }>(
  requestBody: string,
): OutcomeCodec<T> {
  return {
    encode: ({ body, ...value }) => ({
      ...value,
      createdAt: value.createdAt.toISOString(),
      ...(body === requestBody ? {} : { body }),
    }),
    decode: (stored) => {
      const value = stored as Omit<T, 'createdAt' | 'body'> & { createdAt: string; body?: string };
      // Records kept before messages carried their state were sends Intercom took, too.
      return {
        ...value,
        body: value.body ?? requestBody,
        state: 'SENT',
        createdAt: new Date(value.createdAt),
      } as unknown as T;
    },
  };
}

/** A contact as the ledger keeps it: the way the request named it. */
export const partyOf = (contact: ContactReference): LedgerParty => ({
  type: contact.type,
  id: contact.id ?? null,
  userId: contact.userId ?? null,
  email: contact.email ?? null,
});

/**
 * The contact's Intercom id in a `POST /messages` body (`to`, or a user message's `from`): on
 * 2.x the gateway resolved it from the email or user id the request gave; on 1.x the request's
 * own identifier travels, and is an id only when the request gave one.
 */
function contactIdIn(party: unknown): string | null {
  const id = (party as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : null;
}

/** Sends admin- and user-initiated messages through `POST /messages` for the configured version. */
export class MessageService {
  private readonly wire: WireFormat;
  private readonly family: 1 | 2;

  constructor(
    private readonly client: IntercomRequester,
    contacts = new ContactDirectory(client),
    private readonly idempotency?: IdempotentSends,
    /** Records every send in the ledger; none: nothing is kept. */
    private readonly ledger?: LedgerRecorder,
  ) {
    const [major, minor] = client.version.split('.').map(Number) as [number, number];
    this.family = major === 1 ? 1 : 2;
    this.wire = this.family === 1 ? wireFormatV1 : wireFormatV2(minor, contacts);
  }

  /** The Intercom API version the messages are sent with. */
  get intercomVersion(): string {
    return this.client.version;
  }

  sendAdminMessage(request: AdminMessageRequest, options?: SendOptions): Promise<SentAdminMessage> {
    return this.send(
      'sendAdminMessage',
      request,
      options,
      {
        kind: 'ADMIN_MESSAGE',
        from: { type: 'admin', id: request.fromAdminId, userId: null, email: null },
        to: partyOf(request.to),
        messageType: request.messageType,
        subject: request.subject ?? null,
      },
      () => this.sendAdminMessageNow(request),
      (sent) => sent.recipient,
    );
  }

  sendUserMessage(request: UserMessageRequest, options?: SendOptions): Promise<SentUserMessage> {
    return this.send(
      'sendUserMessage',
      request,
      options,
      {
        kind: 'USER_MESSAGE',
        from: partyOf(request.from),
        to: null,
        messageType: 'IN_APP',
        subject: null,
      },
      () => this.sendUserMessageNow(request),
      (sent) => sent.sender,
    );
  }

  /**
   * One send: recorded in the ledger from before Intercom is asked to its outcome, and made at
   * most once per idempotency key (the record keeps the result without the body).
   */
  private send<T extends SentAdminMessage | SentUserMessage>(
    operation: string,
    request: AdminMessageRequest | UserMessageRequest,
    options: SendOptions | undefined,
    entry: Pick<LedgerEntryStart, 'kind' | 'from' | 'to' | 'messageType' | 'subject'>,
    sendNow: () => Promise<T>,
    /** The contact the sent message is with, as Intercom resolved it when it said. */
    contactOf: (sent: T) => ContactReference,
  ): Promise<T> {
    const ledger = this.ledger;
    const recorded = (): Promise<T> =>
      ledger
        ? ledger.run(
            {
              ...entry,
              clientId: options?.clientId ?? 'unknown',
              idempotencyKey: options?.idempotencyKey ?? null,
              body: request.body,
              conversationId: null,
            },
            sendNow,
            (sent) => ({
              state: 'SENT',
              intercomMessageId: sent.id,
              conversationId: sent.conversationId,
              resolvedContactId: contactOf(sent).id ?? null,
            }),
          )
        : sendNow();
    if (!this.idempotency || !options?.idempotencyKey) return recorded();
    const key = `${options.clientId}:${options.idempotencyKey}`;
    return this.idempotency.run(
      key,
      fingerprintOf(operation, request),
      sentMessageCodec<T>(request.body),
      recorded,
    );
  }

  private async sendAdminMessageNow(request: AdminMessageRequest): Promise<SentAdminMessage> {
    if (this.family === 1 && request.createConversationWithoutContactReply != null) {
      throw new InputError([
        {
          field: 'input.createConversationWithoutContactReply',
          message: `Intercom API ${this.client.version} has no such option: it needs 2.0 or later.`,
        },
      ]);
    }
    const body = await this.wire.adminMessageBody(request);
    return toSentAdminMessage(await this.post(body), request, contactIdIn(body.to));
  }

  private async sendUserMessageNow(request: UserMessageRequest): Promise<SentUserMessage> {
    const body = await this.wire.userMessageBody(request);
    return toSentUserMessage(await this.post(body), request, contactIdIn(body.from));
  }

  private post(body: Record<string, unknown>): Promise<MessageWire> {
    return this.client.request<MessageWire>({
      method: 'POST',
      path: '/messages',
      body,
      kind: 'send',
      // Intercom answers 404 for a contact created moments ago; nothing was sent then.
      retryNotFound: true,
      route: 'POST /messages',
    });
  }
}
