const { execFileSync } = require('node:child_process');

/** Process tests run the built gateway (dist/), as `npm start` does: build it once first. */
module.exports = async () => {
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      stdio: 'inherit',
    },
  );
};
