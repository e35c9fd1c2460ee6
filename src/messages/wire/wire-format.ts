import type { AdminMessageRequest, UserMessageRequest } from '../message.model';

/** Builds the `POST /messages` body for one family of Intercom API versions. */
export interface WireFormat {
  adminMessageBody(request: AdminMessageRequest): Promise<Record<string, unknown>>;
  userMessageBody(request: UserMessageRequest): Promise<Record<string, unknown>>;
}

/** Fields common to both families. */
export function adminMessageCommon(request: AdminMessageRequest): Record<string, unknown> {
  const email = request.messageType === 'EMAIL';
  return {
    message_type: email ? 'email' : 'inapp',
    ...(email ? { subject: request.subject } : {}),
    body: request.body,
    ...(email && request.template ? { template: request.template.toLowerCase() } : {}),
  };
}
