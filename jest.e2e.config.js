/** `npm run test:e2e`: the example frontend (examples/web) driven in Debian's Chromium. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  testTimeout: 60000,
};
