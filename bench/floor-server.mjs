// The floor for scenario 8: what any server in front of Intercom must do per request and no
// more. node:http, JSON in and out, one undici request from a Pool per operation that needs
// Intercom; no GraphQL, validation, authentication, logs or metrics. Run by bench/cpu.ts.
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

async function answer({ query, variables }) {
  if (query.includes('sendAdminMessage')) {
    const { input } = variables;
    const message = await intercom('POST', '/messages', {
      message_type: input.messageType === 'EMAIL' ? 'email' : 'inapp',
      body: input.body,
      from: { type: 'admin', id: Number(input.from.id) },
      to: { type: 'user', id: input.to.id },
    });
    return {
      sendAdminMessage: {
        id: message.id,
        createdAt: new Date(message.created_at * 1000).toISOString(),
        messageType: input.messageType,
      },
    };
  }
  if (query.includes('conversationForMessage')) {
    const { messageId, contact } = variables;
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
    return {
      conversationForMessage: { id: conversation.id, source: { id: conversation.source.id } },
    };
  }
  return { intercomApiVersion: '2.14' };
}

createServer(async (request, response) => {
  if (request.method !== 'POST') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"ready"}');
    return;
  }
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = JSON.stringify({ data: await answer(JSON.parse(Buffer.concat(chunks).toString())) });
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
