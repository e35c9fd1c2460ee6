import { writeFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { printGatewaySchema } from '../graphql/schema';

/**
 * Writes schema.graphql from the TypeGraphQL classes. With `--check`, writes nothing and exits 1
 * when the committed file differs, so CI catches a stale schema.
 */
const target = resolve(__dirname, '..', '..', 'schema.graphql');
const sdl = printGatewaySchema();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (committed !== sdl) {
    console.error('schema.graphql is stale: run `npm run schema` and commit the result.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date.');
} else {
  writeFileSync(target, sdl);
  console.log(`Wrote ${target}`);
}
