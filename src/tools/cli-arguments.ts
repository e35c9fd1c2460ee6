import { parseArgs } from 'node:util';

/** A command line this tool does not take: one line on stderr, then exit code 2. */
export function refuseArguments(tool: string, problem: string): never {
  process.stderr.write(`${tool}: ${problem} (${tool} -- --help prints the usage).\n`);
  process.exit(2);
}

/**
 * The tool's options from process.argv, or, for `--help`/`-h`, its usage on stdout and exit 0.
 * An unknown option, a missing value or a stray argument is refused in one line (exit 2), not
 * with a stack trace.
 */
export function readArguments(
  tool: string,
  usage: string,
  stringOptions: readonly string[],
): Partial<Record<string, string>> {
  const options = Object.fromEntries(
    stringOptions.map((name) => [name, { type: 'string' as const }]),
  );
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // Node's first sentence names the problem ("Unknown option '--nmae'"); the rest is advice
    // about `--` that does not apply here.
    const message = (error as Error).message.split(/\.\s/)[0] ?? 'invalid arguments';
    refuseArguments(tool, message.charAt(0).toLowerCase() + message.slice(1));
  }
  if (values.help === true) {
    process.stdout.write(usage);
    process.exit(0);
  }
  const strings: Partial<Record<string, string>> = {};
  for (const name of stringOptions) {
    const value = values[name];
    if (typeof value === 'string') strings[name] = value;
  }
  return strings;
}
