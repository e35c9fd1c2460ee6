// `npm run web`: the gateway (with its embedded emulator when no token is set) and the example
// frontend's Vite dev server (examples/web, port WEB_PORT, 5173), which proxies /graphql to the
// gateway. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const web = resolve(root, 'examples', 'web');
const vite = resolve(web, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(vite)) {
  process.stderr.write('The example is not installed: run `npm ci --prefix examples/web` first.\n');
  process.exit(1);
}

// Its own ledger and emulator folders and a free port, so that it runs beside `npm start` (an
// embedded ledger or emulator folder has one owner); the frontend learns the port from the
// banner. Set any of them to change it.
const gateway = spawn(process.execPath, [resolve(root, 'scripts', 'start.mjs')], {
  cwd: root,
  env: {
    GATEWAY_AUTH: 'none',
    LEDGER_DATA_DIR: 'data/web-ledger',
    EMULATOR_DATA_DIR: 'data/web-emulator',
    PORT: '0',
    ...process.env,
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let frontend;
const stop = () => {
  frontend?.kill('SIGTERM');
  gateway.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
gateway.on('exit', (code) => {
  frontend?.kill('SIGTERM');
  process.exitCode = code ?? 1;
});

let printed = '';
gateway.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (frontend) return;
  printed += chunk.toString();
  const ready = /GraphQL gateway ready: (http:\/\/[^/\s]+)/.exec(printed);
  if (!ready) return;
  const port = process.env.WEB_PORT ?? '5173';
  frontend = spawn(process.execPath, [vite, '--host', '127.0.0.1', '--port', port], {
    cwd: web,
    env: { ...process.env, GATEWAY_URL: ready[1] },
    stdio: 'inherit',
  });
  frontend.on('exit', () => gateway.kill('SIGTERM'));
});
