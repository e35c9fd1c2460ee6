/** `npm run test:redis`: the suite that needs a real Redis (REDIS_URL). */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/test/redis/**/*.test.ts'],
  testTimeout: 60000,
};
