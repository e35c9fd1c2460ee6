import { readEmulatorEnvironment } from './config';
import { SEED } from './seed';
import { startEmulator } from './server';

/** `npm run emulator`: the Intercom emulator on its own. */
async function main(): Promise<void> {
  const { config, problems } = readEmulatorEnvironment(process.env);
  if (problems.length > 0) {
    process.stderr.write(
      `Invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}\n`,
    );
    process.exit(1);
  }
  const emulator = await startEmulator(config);
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
    ].join('\n') + '\n',
  );
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
