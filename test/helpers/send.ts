import { SEED } from '../../src/emulator';
import { SendAdminMessageDocument } from '../../generated/graphql/graphql';
import type { Stack } from './stack';

/** An in-app message from admin Wash to Winston (ponies); resolves with its id. */
export async function sendToPonies(
  stack: Stack,
  headers: Record<string, string> = {},
): Promise<string> {
  const answer = await stack.execute(
    SendAdminMessageDocument,
    {
      input: {
        messageType: 'IN_APP',
        body: 'Any news?',
        from: { id: '394051' },
        to: { type: 'USER', id: SEED.users.ponies.id },
      },
    },
    headers,
  );
  return answer.body.data?.sendAdminMessage.id as string;
}
