// The floor for scenario 8: what any server in front of Intercom must do per request and no
// more. node:http, JSON in and out, one undici request from a Pool per operation that needs
// Intercom; no GraphQL, validation, authentication, logs or metrics. Run by bench/cpu.ts.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { conversationForMessage, sendAdminMessage } from './floor-intercom.mjs';

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
