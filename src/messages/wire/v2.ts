import type { ContactDirectory } from '../../contacts/contact-directory';
import { RecipientType, SenderType } from '../message.model';
import { adminMessageCommon, type WireFormat } from './wire-format';

const SENDER_WIRE_TYPE = {
  [SenderType.USER]: 'user',
  [SenderType.LEAD]: 'lead',
  // A visitor is sent as `contact`; Intercom turns it into a lead.
  [SenderType.VISITOR]: 'contact',
} as const;

const SENDER_ROLE = {
  [SenderType.USER]: 'user',
  [SenderType.LEAD]: 'lead',
  [SenderType.VISITOR]: 'visitor',
} as const;

/**
 * Intercom 2.x: contacts by Intercom id only (an email or user id is first resolved through
 * the contact search), `to.type` user or lead, and the admin id an integer from 2.7.
 */
export function wireFormatV2(minor: number, contacts: ContactDirectory): WireFormat {
  const adminId = (id: string): string | number => (minor >= 7 ? Number(id) : id);
  return {
    async adminMessageBody(request) {
      const role = request.to.type === RecipientType.USER ? 'user' : 'lead';
      const to = { type: role, id: await contacts.idOf(request.to, role, 'input.to') };
      return {
        ...adminMessageCommon(request),
        from: { type: 'admin', id: adminId(request.fromAdminId) },
        to,
        ...(request.createConversationWithoutContactReply != null
          ? {
              create_conversation_without_contact_reply:
                request.createConversationWithoutContactReply,
            }
          : {}),
      };
    },

    async userMessageBody(request) {
      const id = await contacts.idOf(request.from, SENDER_ROLE[request.from.type], 'input.from');
      return { from: { type: SENDER_WIRE_TYPE[request.from.type], id }, body: request.body };
    },
  };
}
