/**
 * `npm run test:faults`: the ledger under real faults (a PostgreSQL server of the suite's own,
 * stopped, killed and frozen; the embedded folder removed, damaged or shared). Needs Debian's
 * PostgreSQL server binaries (/usr/lib/postgresql/<version>/bin) and root, to run them as `postgres`.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
  testTimeout: 120000,
};
