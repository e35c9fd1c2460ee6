// `npm start`: compiles the TypeScript when the compiler is installed (a development checkout),
// then runs the gateway. In a production install (`npm ci --omit=dev`) there is no compiler:
// dist/ must have been built already (`npm run build`), and it is run as it is.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
} catch {
  tsc = undefined;
}
if (tsc) {
  execFileSync(process.execPath, [tsc, '-p', resolve(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  // The self-hosted explorer's bundle (skipped when it is up to date).
  execFileSync(process.execPath, [resolve(root, 'scripts', 'build-explorer.mjs')], {
    stdio: 'inherit',
  });
} else if (!existsSync(resolve(root, 'dist', 'main.js'))) {
  process.stderr.write(
    'dist/main.js is missing and TypeScript is not installed: run `npm ci && npm run build` first.\n',
  );
  process.exit(1);
}
await import(pathToFileURL(resolve(root, 'dist', 'main.js')).href);
