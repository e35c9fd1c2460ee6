import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** The layout's promises that imports can break: checked over the source, not by review. */
const src = resolve(__dirname, '..', 'src');

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((match) => match[1] as string);

/** Files under `folder` that import a module outside it (relative imports only). */
function leaving(folder: string): string[] {
  const root = join(src, folder);
  return sources(root).flatMap((file) =>
    importsOf(file)
      .filter((target) => relative(root, resolve(file, '..', target)).startsWith('..'))
      .map((target) => `${relative(src, file)} imports ${target}`),
  );
}

/** Files under `folder` that import any of `packages`. */
function importing(folder: string, packages: RegExp): string[] {
  return sources(join(src, folder)).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/from '([^.][^']*)'/g)]
      .map((match) => match[1] as string)
      .filter((name) => packages.test(name))
      .map((name) => `${relative(src, file)} imports ${name}`),
  );
}

describe('the layout', () => {
  it('the emulator is a unit of its own: nothing in it imports the gateway', () => {
    expect(leaving('emulator')).toEqual([]);
  });

  it('the domain and the Intercom client know nothing of GraphQL', () => {
    for (const folder of ['messages', 'conversations', 'contacts', 'intercom']) {
      expect(importing(folder, /^(graphql|type-graphql|@apollo\/|graphql-ws)/)).toEqual([]);
      expect(leaving(folder).filter((line) => line.includes('/graphql/'))).toEqual([]);
    }
  });
});
