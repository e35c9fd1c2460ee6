import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../auth/api-keys';
import { SCOPES, isScope } from '../auth/scopes';
import { readArguments, refuseArguments } from './cli-arguments';

const TOOL = 'npm run apikey';
const USAGE = `Usage: npm run apikey -- --name <name> --scopes <scope>[,<scope>...]

Prints a new random API key (give it to the client, once) and the GATEWAY_API_KEYS entry that
holds only its SHA-256 (add it to the JSON array). The key itself is stored nowhere.

Options:
  --name <name>      who holds the key; the client id in logs and budgets is key:<name>
  --scopes <list>    comma-separated, from: ${SCOPES.join(', ')}
  -h, --help         print this and exit

Example: npm run apikey -- --name backoffice --scopes messages:admin,conversations:read
`;

/** `npm run apikey -- --name N --scopes messages:admin,conversations:read` */
function main(): void {
  const values = readArguments(TOOL, USAGE, ['name', 'scopes']);
  const name = values.name?.trim();
  if (!name) refuseArguments(TOOL, '--name is required');
  const scopes = (values.scopes ?? '').split(/[\s,]+/).filter(Boolean);
  if (scopes.length === 0) refuseArguments(TOOL, '--scopes is required');
  const unknown = scopes.find((scope) => !isScope(scope));
  if (unknown !== undefined) {
    refuseArguments(TOOL, `${JSON.stringify(unknown.slice(0, 64))} is not a scope`);
  }
  const key = `imgw_${randomBytes(32).toString('base64url')}`;
  const entry = { name, sha256: hashApiKey(key).toString('hex'), scopes };
  console.log(`API key (shown once; give it to the client):\n  ${key}\n`);
  console.log(`GATEWAY_API_KEYS entry (add it to the JSON array):\n  ${JSON.stringify(entry)}`);
}

main();
