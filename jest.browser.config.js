/** `npm run test:browser`: the suites that drive a real headless Chromium (CHROMIUM_PATH). */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
  testTimeout: 60000,
};
