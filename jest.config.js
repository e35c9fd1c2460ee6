const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/redis/',
    '<rootDir>/test/production/',
    '<rootDir>/test/browser/',
    '<rootDir>/test/db/',
    '<rootDir>/test/e2e/',
    '<rootDir>/test/faults/',
  ],
  // tsconfig.json sets isolatedModules, so ts-jest only transpiles; `npm run typecheck` checks types.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/global-setup.js',
  testTimeout: 20000,
  // The suites mostly wait on sockets, timers and the processes they start: one worker per core
  // (Jest's default is one fewer) leaves the cores idle. On two cores, three workers run the
  // suite in under three minutes instead of five and a half. (Jest's own percentages stop at 100.)
  maxWorkers: Math.max(1, Math.floor(availableParallelism() * 1.5)),
  // A worker that has run a third of the suites holds 2-4 GB (measured at the end of a run) and
  // then takes longer than Jest's half second to exit: Jest kills it and says a worker "failed to
  // exit gracefully". One whose heap is past 512 MB after a suite is replaced by a fresh one, so
  // every worker stays under 1 GB and exits at once (a full run was no slower for it).
  workerIdleMemoryLimit: '512MB',
};
