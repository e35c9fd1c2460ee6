// Runs a program of the built gateway (an entry under dist/), as `npm start`, `npm run apikey`,
// `npm run emulator` and `npm run schema` do: `node scripts/run-built.mjs <entry> [args...]`.
// In a development checkout the compiler is installed and the TypeScript is compiled first
// (incrementally). A production install (`npm ci --omit=dev`) has no compiler: dist/ was built
// before (`npm run build`, or the image's build stage) and runs as it is.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The TypeScript compiler's entry, or undefined where it is not installed. */
function compiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc', { paths: [root] });
  } catch {
    return undefined;
  }
}

/**
 * Compiles when it can, then runs dist/<entry> with `args` as its command line.
 * `explorer`: also bundle the self-hosted explorer (the gateway serves it; the tools do not).
 */
export async function runBuilt(entry, args, { explorer = false } = {}) {
  const tsc = compiler();
  const program = resolve(root, 'dist', entry);
  if (tsc) {
    execFileSync(process.execPath, [tsc, '-p', resolve(root, 'tsconfig.build.json')], {
      stdio: 'inherit',
    });
    if (explorer) {
      // Skipped when the bundle is up to date.
      execFileSync(process.execPath, [resolve(root, 'scripts', 'build-explorer.mjs')], {
        stdio: 'inherit',
      });
    }
  } else if (!existsSync(program)) {
    process.stderr.write(
      `dist/${entry} is missing and TypeScript is not installed: run \`npm ci && npm run build\` first.\n`,
    );
    process.exit(1);
  }
  // The program reads its own arguments from process.argv, as when run with `node dist/...`.
  process.argv = [process.argv[0], program, ...args];
  await import(pathToFileURL(program).href);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry || !/^[\w/-]+\.js$/.test(entry)) {
    process.stderr.write('Usage: node scripts/run-built.mjs <entry under dist/> [arguments]\n');
    process.exit(2);
  }
  await runBuilt(entry, args);
}
