const { execFileSync } = require('node:child_process');

/**
 * Process tests run the built gateway (dist/), as `npm start` does: build it once first, with
 * the self-hosted explorer's bundle (skipped when it is up to date).
 */
module.exports = async () => {
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { stdio: 'inherit' },
  );
  execFileSync(process.execPath, ['scripts/build-explorer.mjs'], { stdio: 'inherit' });
};
