import { NotFoundError } from '../domain-errors';
import type { IntercomRequester } from '../intercom/client';
import { IntercomNotFoundError } from '../intercom/errors';

/**
 * A POST to one of a conversation's endpoints (`reply`, or `parts` on 2.x): a send, never
 * retried once Intercom may hold it. Intercom's 404 for the path itself ("Resource Not Found")
 * is the conversation's; any other 404 names an admin, a team or a contact, and stays as it is.
 */
export async function postToConversation(
  client: IntercomRequester,
  conversationId: string,
  endpoint: 'reply' | 'parts',
  body: unknown,
): Promise<unknown> {
  try {
    return await client.request<unknown>({
      method: 'POST',
      path: `/conversations/${encodeURIComponent(conversationId)}/${endpoint}`,
      body,
      kind: 'send',
      route: `POST /conversations/:id/${endpoint}`,
    });
  } catch (error) {
    if (error instanceof IntercomNotFoundError && error.upstreamMessage === 'Resource Not Found') {
      throw new NotFoundError('Intercom has no conversation with that id.');
    }
    throw error;
  }
}
