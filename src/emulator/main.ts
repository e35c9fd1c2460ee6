import { parseArgs } from 'node:util';
import { readEmulatorEnvironment } from './config';
import { keepsNothing } from './persistence/state-folder';
import { SEED } from './seed';
import { startEmulator } from './server';

const USAGE = `Usage: npm run emulator [-- --help]

Starts the Intercom emulator on its own. Its settings are environment variables (README.md,
"Configuration"; defaults in brackets):
  EMULATOR_HOST [127.0.0.1]  EMULATOR_PORT [4010]  EMULATOR_ACCESS_TOKEN [emulator-token]
  EMULATOR_RATE_LIMIT [1666]  EMULATOR_RATE_LIMIT_WINDOW_MS [10000]
  EMULATOR_NEW_CONTACT_DELAY_MS [1000]  EMULATOR_DEFAULT_VERSION [2.14]
  EMULATOR_WEBHOOK_URL [unset]  EMULATOR_WEBHOOK_SECRET [emulator-client-secret]
  EMULATOR_DATA_DIR [memory://: keeps nothing; a folder keeps its state across restarts]

Options:
  -h, --help  print this and exit
`;

/**
 * --help prints the usage (exit 0); any other argument is refused in one line (exit 2): the
 * emulator takes its settings from the environment, and a flag it ignored would mislead.
 */
function readArguments(): void {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (!values.help) return;
  } catch (error) {
    const problem = (error as Error).message.split(/\.\s/)[0] ?? 'invalid arguments';
    process.stderr.write(
      `npm run emulator: ${problem.charAt(0).toLowerCase()}${problem.slice(1)} (settings are environment variables; npm run emulator -- --help).\n`,
    );
    process.exit(2);
  }
  process.stdout.write(USAGE);
  process.exit(0);
}

/** `npm run emulator`: the Intercom emulator on its own. */
async function main(): Promise<void> {
  readArguments();
  const { config, problems } = readEmulatorEnvironment(process.env);
  if (problems.length > 0) {
    process.stderr.write(
      `Invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}\n`,
    );
    process.exit(1);
  }
  const emulator = await startEmulator(config).catch((error: unknown) => {
    // A state folder it cannot use (or a port it cannot take): one line, exit 1.
    process.stderr.write(`npm run emulator: ${(error as Error).message}\n`);
    process.exit(1);
  });
  process.stdout.write(
    [
      `Intercom emulator listening on ${emulator.url}`,
      `  token:   ${emulator.accessToken}  (Authorization: Bearer ${emulator.accessToken})`,
      `  admins:  ${SEED.admins.wash.id} (${SEED.admins.wash.name}), ${SEED.admins.zoe.id} (${SEED.admins.zoe.name})`,
      `  users:   ${Object.values(SEED.users)
        .map((user) => user.id)
        .join(', ')}`,
      `  lead:    ${SEED.lead.id}   visitor: ${SEED.visitor.id}`,
      `  control: ${emulator.url}/_emulator/state`,
      `  state:   ${keepsNothing(config.dataDir) ? 'in memory (EMULATOR_DATA_DIR to keep it)' : config.dataDir}`,
    ].join('\n') + '\n',
  );
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
