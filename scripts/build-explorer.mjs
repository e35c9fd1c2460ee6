// Bundles the self-hosted explorer (GraphiQL, src/explorer/browser/) into dist/explorer-assets/
// with esbuild: one script and one stylesheet, no CDN. Skipped when the bundle is newer than its
// sources and the lock file. A production install has no esbuild: the bundle must be built then.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'explorer', 'browser');
const out = join(root, 'dist', 'explorer-assets');
const bundle = join(out, 'graphiql.js');

const newest = Math.max(
  statSync(join(root, 'package-lock.json')).mtimeMs,
  ...readdirSync(source).map((name) => statSync(join(source, name)).mtimeMs),
);
if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest && !process.argv.includes('--force')) {
  process.exit(0);
}

const { build } = await import('esbuild');
await build({
  entryPoints: { graphiql: join(source, 'graphiql.tsx') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.svg': 'dataurl' },
  legalComments: 'linked',
  logLevel: 'warning',
});
