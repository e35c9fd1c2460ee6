import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The app talks to the gateway through this dev server's proxy, so the browser sees one origin:
 * HTTP for queries and mutations, WebSocket (graphql-ws) for subscriptions, both at /graphql.
 */
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/graphql': { target: gateway, ws: true } },
    // The typed documents live in the gateway's checkout (generated/graphql).
    fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] },
  },
});
