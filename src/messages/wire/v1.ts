import { InputError } from '../../domain-errors';
import { RecipientType, SenderType, type ContactReference } from '../message.model';
import { adminMessageCommon, type WireFormat } from './wire-format';

/** The identifier a 1.x contact object carries: `id`, `user_id` or `email`. */
function identifier(reference: ContactReference): Record<string, string> {
  if (reference.id) return { id: reference.id };
  if (reference.userId) return { user_id: reference.userId };
  return { email: reference.email ?? '' };
}

/**
 * Intercom 1.x: recipients are `user` (id, user_id or email) or `contact` (a lead: id or user_id),
 * senders `user` or `contact`, and the admin id is a string.
 */
export const wireFormatV1: WireFormat = {
  async adminMessageBody(request) {
    if (request.to.type === RecipientType.LEAD && !request.to.id && !request.to.userId) {
      throw new InputError([
        {
          field: 'input.to',
          message: 'On Intercom API 1.x a lead recipient is identified by id or userId, not email.',
        },
      ]);
    }
    return {
      ...adminMessageCommon(request),
      from: { type: 'admin', id: request.fromAdminId },
      to: {
        type: request.to.type === RecipientType.USER ? 'user' : 'contact',
        ...identifier(request.to),
      },
    };
  },

  async userMessageBody(request) {
    return {
      from: {
        type: request.from.type === SenderType.USER ? 'user' : 'contact',
        ...identifier(request.from),
      },
      body: request.body,
    };
  },
};
