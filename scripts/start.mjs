// `npm start`: compiles the TypeScript when the compiler is installed (a development checkout),
// then runs the gateway. In a production install (`npm ci --omit=dev`) there is no compiler:
// dist/ must have been built already (`npm run build`), and it is run as it is.
// The gateway is configured by environment variables only; its one option is --help, answered
// before anything is compiled.
import { runBuilt } from './run-built.mjs';

const USAGE = `Usage: npm start [-- --help]

Starts the GraphQL gateway (compiling first where TypeScript is installed). Every setting is an
environment variable, read from the environment and from a .env file beside package.json:
README.md's "Configuration" table and .env.example list them. Without INTERCOM_ACCESS_TOKEN the
gateway starts its embedded Intercom emulator.

Options:
  -h, --help  print this and exit
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (args.length > 0) {
  // A flag that is not read would be a setting silently ignored: refuse it instead.
  const first = args[0].slice(0, 64);
  process.stderr.write(
    `npm start: unknown argument ${JSON.stringify(first)}: the gateway takes no arguments (settings are environment variables; npm start -- --help).\n`,
  );
  process.exit(2);
}
await runBuilt('main.js', [], { explorer: true });
