// The floor for scenario 8: what any server in front of Intercom must do per request and no
// more. node:http, JSON in and out, one undici request from a Pool per operation that needs
// Intercom; no GraphQL, validation, authentication, logs or metrics. Run by bench/cpu.ts.
import { conversationForMessage, sendAdminMessage, serveJson } from './floor-intercom.mjs';

async function answer({ query, variables }) {
  if (query.includes('sendAdminMessage')) {
    return { sendAdminMessage: await sendAdminMessage(variables.input) };
  }
  if (query.includes('conversationForMessage')) {
    return {
      conversationForMessage: await conversationForMessage(variables.messageId, variables.contact),
    };
  }
  return { intercomApiVersion: '2.14' };
}

serveJson(async (body) => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  text: JSON.stringify({ data: await answer(body) }),
}));
