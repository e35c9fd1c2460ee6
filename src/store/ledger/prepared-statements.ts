import { hash } from 'node:crypto';

/**
 * A statement whose text starts with this is prepared: parsed and planned once per connection
 * instead of at every call (about half of a small write's CPU, on a server and embedded alike).
 * Only statements whose text never changes carry it (the ledger's writes), so that a connection
 * holds a handful of them, not one per query ever built.
 */
export const PREPARED = '/* prepared */ ';

/** Prepared statements' names by text; past this many texts, statements go unprepared. */
const MAX_PREPARED = 32;
const preparedNames = new Map<string, string>();

/** The name a marked statement is prepared under: the same text, the same name, everywhere. */
export function preparedName(text: string): string | undefined {
  if (!text.startsWith(PREPARED)) return undefined;
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `ledger_${hash('sha256', text, 'hex').slice(0, 16)}`;
    preparedNames.set(text, name);
  }
  return name;
}
