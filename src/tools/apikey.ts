import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashApiKey } from '../auth/api-keys';
import { SCOPES, isScope } from '../auth/scopes';

/**
 * `npm run apikey -- --name N --scopes messages:admin,conversations:read`
 * Prints a new random API key (give it to the client, once) and the GATEWAY_API_KEYS entry that
 * holds only its hash.
 */
function main(): void {
  const { values } = parseArgs({
    options: { name: { type: 'string' }, scopes: { type: 'string' } },
  });
  const name = values.name?.trim();
  const scopes = (values.scopes ?? '').split(/[\s,]+/).filter(Boolean);
  if (!name || scopes.length === 0 || !scopes.every(isScope)) {
    console.error(
      `Usage: npm run apikey -- --name <name> --scopes <scope,scope>\nScopes: ${SCOPES.join(', ')}`,
    );
    process.exit(2);
  }
  const key = `imgw_${randomBytes(32).toString('base64url')}`;
  const entry = { name, sha256: hashApiKey(key).toString('hex'), scopes };
  console.log(`API key (shown once; give it to the client):\n  ${key}\n`);
  console.log(`GATEWAY_API_KEYS entry (add it to the JSON array):\n  ${JSON.stringify(entry)}`);
}

main();
