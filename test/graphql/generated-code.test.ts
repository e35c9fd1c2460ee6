import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * generated/graphql/ as a frontend's TypeScript compiles it: a tiny client, in each module
 * setup a project may have (CommonJS, NodeNext, a bundler's resolution), imports the typed
 * documents and uses an enum both ways (`MessageType.InApp` and the string 'IN_APP').
 */
const root = resolve(__dirname, '../..');
const tsc = require.resolve('typescript/bin/tsc');
const run = promisify(execFile);

// Inside node_modules/.cache, so that the client finds the project's packages as an app would.
const cache = join(root, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const workspace = mkdtempSync(join(cache, 'generated-code-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const client = (generated: string) => `
import { graphql } from '${generated}/index.js';
import { MessageType, SendAdminMessageDocument, type SendAdminMessageMutationVariables } from '${generated}/graphql.js';

const byName: MessageType = MessageType.InApp;
const byValue: MessageType = 'IN_APP';
const variables: SendAdminMessageMutationVariables = {
  input: {
    messageType: byName === byValue ? MessageType.Email : byValue,
    body: 'Hello',
    subject: 'Hi',
    from: { id: '394051' },
    to: { type: 'USER', id: '536e564f316c83104c000020' },
  },
};
export const request = { document: SendAdminMessageDocument, variables, graphql };
`;

it.each([
  ['CommonJS', { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' }],
  ['NodeNext', { module: 'nodenext', moduleResolution: 'nodenext' }],
  ['a bundler', { module: 'esnext', moduleResolution: 'bundler' }],
])(
  'compiles under %s',
  async (name, options) => {
    const dir = join(workspace, name.replace(/\W/g, '-'));
    mkdirSync(dir);
    const generated = relative(dir, join(root, 'generated/graphql')).replaceAll('\\', '/');
    writeFileSync(join(dir, 'client.ts'), client(generated));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          ...options,
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          isolatedModules: true,
          types: [],
        },
        files: ['client.ts'],
      }),
    );
    const compiled = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(compiled).toBe('');
  },
  60_000,
);
