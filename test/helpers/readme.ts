import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** One fenced code block of README.md, its indentation (list items) removed. */
export interface CodeBlock {
  readonly lang: string;
  readonly text: string;
}

const README = resolve(__dirname, '..', '..', 'README.md');

/** The fenced blocks under a heading (up to the next heading of any level), in order. */
export function readmeBlocks(heading: string): CodeBlock[] {
  const lines = readFileSync(README, 'utf8').split('\n');
  const start = lines.findIndex(
    (line) => /^#+ /.test(line) && line.replace(/^#+ /, '') === heading,
  );
  if (start < 0) throw new Error(`README.md has no heading "${heading}"`);
  const blocks: CodeBlock[] = [];
  let open: { lang: string; indent: number; body: string[] } | undefined;
  for (const line of lines.slice(start + 1)) {
    if (!open && /^#+ /.test(line)) break;
    const fence = /^(\s*)```(\w*)\s*$/.exec(line);
    if (fence && !open) {
      open = { lang: fence[2] ?? '', indent: (fence[1] ?? '').length, body: [] };
    } else if (fence && open) {
      blocks.push({ lang: open.lang, text: open.body.join('\n') });
      open = undefined;
    } else if (open) {
      open.body.push(line.slice(open.indent));
    }
  }
  return blocks;
}

/** The blocks of one language under a heading. */
export const readmeBlocksOf = (heading: string, lang: string): string[] =>
  readmeBlocks(heading)
    .filter((block) => block.lang === lang)
    .map((block) => block.text);

export interface CurlCall {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/**
 * The request a README `curl` line makes: `-X`, `-H` and `-d` with single-quoted values, the
 * way the README writes them. Anything else is refused, so the README cannot drift into a form
 * this reading would get wrong.
 */
export function parseCurl(command: string): CurlCall {
  const words = [...command.replace(/\\\n/g, ' ').matchAll(/'([^']*)'|(\S+)/g)].map(
    (match) => (match[1] ?? match[2]) as string,
  );
  if (words.shift() !== 'curl') throw new Error(`not a curl command: ${command}`);
  let method = 'GET';
  let url: string | undefined;
  let body: string | undefined;
  const headers: Record<string, string> = {};
  while (words.length > 0) {
    const word = words.shift() as string;
    if (word === '-X') method = words.shift() as string;
    else if (word === '-H') {
      const [name, ...value] = (words.shift() as string).split(':');
      headers[(name as string).trim().toLowerCase()] = value.join(':').trim();
    } else if (word === '-d') body = words.shift();
    else if (!word.startsWith('-') && url === undefined) url = word;
    else throw new Error(`curl option this reading does not know: ${word}`);
  }
  if (url === undefined) throw new Error(`curl without a URL: ${command}`);
  return { method, url, headers, body };
}
