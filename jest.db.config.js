/** `npm run test:db`: the ledger on a real PostgreSQL server (DATABASE_URL), in a schema of its own. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/test/db/**/*.test.ts'],
  testTimeout: 60000,
};
