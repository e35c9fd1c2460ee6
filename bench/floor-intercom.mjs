// What the floor servers of scenario 8 do, and nothing more: one undici request from a Pool per
// Intercom call, the answer mapped to the GraphQL shape, JSON over node:http. Shared by
// bench/floor-server.mjs (no GraphQL) and bench/apollo-floor-server.mjs (bare Apollo Server).
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { Pool } from 'undici';

const pool = new Pool(process.env.EMULATOR_URL, { connections: 64 });
const headers = {
  authorization: 'Bearer emulator-token',
  accept: 'application/json',
  'content-type': 'application/json',
  'intercom-version': '2.14',
};
/** message id -> conversation id, as a cache would keep it. */
const conversations = new Map();

async function intercom(method, path, body) {
  const response = await pool.request({
    method,
    path,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.body.json();
}

export async function sendAdminMessage(input) {
  const message = await intercom('POST', '/messages', {
    message_type: input.messageType === 'EMAIL' ? 'email' : 'inapp',
    body: input.body,
    from: { type: 'admin', id: Number(input.from.id) },
    to: { type: 'user', id: input.to.id },
  });
  return {
    id: message.id,
    createdAt: new Date(message.created_at * 1000).toISOString(),
    messageType: input.messageType,
  };
}

export async function conversationForMessage(messageId, contact) {
  let id = conversations.get(messageId);
  if (id === undefined) {
    const found = await intercom('POST', '/conversations/search', {
      query: {
        operator: 'AND',
        value: [
          { field: 'contact_ids', operator: '=', value: contact.id },
          { field: 'source.id', operator: '=', value: messageId },
        ],
      },
    });
    id = found.conversations[0]?.id;
    conversations.set(messageId, id);
  }
  const conversation = await intercom('GET', `/conversations/${id}`);
  return { id: conversation.id, source: { id: conversation.source.id } };
}

/**
 * Serves POSTs on PORT: `answer` takes the parsed body and the request headers and gives the
 * status, headers and text to send. Anything else is the readiness probe.
 */
export function serveJson(answer) {
  createServer(async (request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status":"ready"}');
      return;
    }
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const { status, headers, text } = await answer(
      JSON.parse(Buffer.concat(chunks).toString()),
      request.headers,
    );
    response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }).listen(Number(process.env.PORT), '127.0.0.1');
}
