/** One run of the ledger's floor (bench/ledger-floor.ts), its result as JSON on stdout. */
import { pgliteFloor, postgresFloor, type FloorOptions } from './ledger-floor';

const { target, options } = JSON.parse(process.argv[2] ?? '{}') as {
  target: { pglite: true } | { databaseUrl: string; maxConnections: number };
  options: FloorOptions;
};

const run =
  'pglite' in target
    ? pgliteFloor(options)
    : postgresFloor(target.databaseUrl, target.maxConnections, options);

run.then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
