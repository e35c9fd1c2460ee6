import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Every variable the configuration reads is documented in README.md and .env.example. */
const root = resolve(__dirname, '..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');

describe('configuration documentation', () => {
  const source = read('src/config.ts') + read('src/emulator/config.ts');
  const variables = [...source.matchAll(/\(\s*'([A-Z][A-Z0-9_]+)'/g)].map(
    (match) => match[1] as string,
  );

  it('finds the variables', () => {
    expect(variables).toEqual(
      expect.arrayContaining(['PORT', 'INTERCOM_ACCESS_TOKEN', 'GATEWAY_AUTH']),
    );
  });

  it.each(['README.md', '.env.example'])('%s lists every variable', (file) => {
    const text = read(file);
    expect(variables.filter((name) => !text.includes(name))).toEqual([]);
  });
});
