/** `npm run test:production`: the built gateway run from a production install (no dev tools). */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/test/production/**/*.test.ts'],
  testTimeout: 180000,
};
