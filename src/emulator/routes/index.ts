import type { RouteHandler } from '../context';
import { Router } from '../router';
import { getAdmin, identifyAdmin, listActivityLogs, listAdmins } from './admins';
import {
  createContact,
  findUserV1,
  findVisitor,
  getContact,
  listContacts,
  searchContacts,
} from './contacts';
import {
  createConversation,
  getConversation,
  listConversations,
  searchConversations,
} from './conversations';
import { createMessage } from './messages';
import { manageConversation } from './parts';
import { replyToConversation } from './replies';

/** The Intercom API routes the emulator serves; the keys name routes in fault specs. */
export function intercomRoutes(): Router<RouteHandler> {
  return new Router<RouteHandler>()
    .add('POST /messages', createMessage)
    .add('GET /me', identifyAdmin)
    .add('GET /admins', listAdmins)
    .add('GET /admins/activity_logs', listActivityLogs)
    .add('GET /admins/:id', getAdmin)
    .add('POST /contacts', createContact)
    .add('GET /contacts', listContacts)
    .add('GET /visitors', findVisitor)
    .add('GET /users', findUserV1)
    .add('GET /users/:id', findUserV1)
    .add('POST /contacts/search', searchContacts)
    .add('GET /contacts/:id', getContact)
    .add('POST /conversations/search', searchConversations)
    .add('GET /conversations', listConversations)
    .add('POST /conversations', createConversation)
    .add('GET /conversations/:id', getConversation)
    .add('POST /conversations/:id/reply', replyToConversation)
    .add('POST /conversations/:id/parts', manageConversation);
}
