import {
  parse,
  protocol,
  type PGlite,
  type QueryOptions,
  type Results,
} from '@electric-sql/pglite';
import { preparedName } from './prepared-statements';

/** What the ledger's PGlite dialect asks of its engine. */
export type PGliteQueries = Pick<PGlite, 'query' | 'close'>;

/** SQLSTATE classes a PREPARE fails with for its text itself, every time (42: syntax, types). */
const REFUSES_FOR_GOOD = /^42/;
/** The prepared statement is gone (a new session): prepare it again. */
const NO_SUCH_STATEMENT = '26000';

/**
 * PGlite with the ledger's marked statements (`PREPARED`) parsed and planned once, as the server
 * pool does with named statements. PGlite's `query` sends every statement unnamed, so it is
 * parsed and planned at each call: for a write of one or two entries, about a fifth of its CPU.
 *
 * A marked statement is prepared once with SQL `PREPARE` (its parameters' types inferred from
 * the text), and each call is an `EXECUTE` whose arguments are written as dollar-quoted
 * constants, coerced by the engine to those types, sent as one simple query. A value is quoted
 * with a tag whose first occurrence in the value followed by the tag is that closing tag, so no
 * value can end its quote early: the text of the statement is fixed, and what a client sent
 * stays a value. A value that cannot be written so (a NUL, an object), or a statement PREPARE
 * refuses, goes the plain way.
 *
 * Each execution is still planned for its own values (`plan_cache_mode`, for this session):
 * after five executions PostgreSQL may keep a generic plan, and the generic plan of an outcome's
 * update does not know how few ids its array holds; it made every write slower as the table
 * grew (twice the CPU per send after 24,000 sends).
 */
export async function preparingStatements(engine: PGlite): Promise<PGliteQueries> {
  await engine.exec('set plan_cache_mode = force_custom_plan');
  const prepared = new Set<string>();
  const refused = new Set<string>();
  const plain = <T>(text: string, params?: unknown[], options?: QueryOptions) =>
    engine.query<T>(text, params, options);
  return {
    async query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
      const name = preparedName(text);
      if (name === undefined || refused.has(name)) return plain(text, params, options);
      const args = constants(params ?? []);
      if (args === undefined) return plain(text, params, options);
      if (!prepared.has(name)) {
        try {
          await engine.exec(`prepare ${name} as ${text}`);
        } catch (error) {
          if (REFUSES_FOR_GOOD.test(sqlState(error))) refused.add(name);
          return plain(text, params, options);
        }
        prepared.add(name);
      }
      try {
        return await simpleQuery<T>(engine, `execute ${name}(${args.join(', ')})`, options);
      } catch (error) {
        if (sqlState(error) !== NO_SUCH_STATEMENT) throw error;
        prepared.delete(name);
        return plain(text, params, options);
      }
    },
    close: () => engine.close(),
  };
}

/**
 * The parsers a prepared statement's rows are read with: none of the engine's own table, so
 * PostgreSQL's base types are read by PGlite's defaults (text, numbers, booleans, timestamps,
 * JSON) and arrays stay text. The ledger's marked statements return no array.
 */
const BASE_TYPES_ONLY = Object.freeze({});

/**
 * One statement by the simple protocol, as `exec` sends it (the statement, then a sync), in
 * turn with every other query. Its text carries every value, so two exchanges with the engine
 * where `query` makes six (parse, two describes, bind, execute, sync).
 * Its answer is read without `exec`'s copy of the engine's whole parser table (over 300 types),
 * which it makes for every statement: a tenth of the CPU of a write one send at a time.
 */
function simpleQuery<T>(engine: PGlite, text: string, options?: QueryOptions): Promise<Results<T>> {
  return engine.runExclusive(async () => {
    let messages: Awaited<ReturnType<PGlite['execProtocol']>>['messages'] = [];
    try {
      ({ messages } = await engine.execProtocol(protocol.serialize.query(text), {
        syncToFs: false,
      }));
    } finally {
      await engine.execProtocol(protocol.serialize.sync());
    }
    const [result] = parse.parseResults(messages, BASE_TYPES_ONLY, options);
    return (result ?? { rows: [], fields: [], affectedRows: 0 }) as Results<T>;
  });
}

const sqlState = (error: unknown): string =>
  String((error as { code?: unknown } | null)?.code ?? '');

/** Each parameter as an SQL constant of unknown type, or undefined if one cannot be written. */
function constants(params: readonly unknown[]): string[] | undefined {
  const written: string[] = [];
  for (const param of params) {
    const constant = constantOf(param);
    if (constant === undefined) return undefined;
    written.push(constant);
  }
  return written;
}

function constantOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return dollarQuoted(value);
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : dollarQuoted(value.toISOString());
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      if (item === null) items.push('NULL');
      else if (typeof item === 'string') {
        items.push(`"${item.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
      } else return undefined;
    }
    return dollarQuoted(`{${items.join(',')}}`);
  }
  return undefined;
}

/**
 * `text` between two dollar quotes: the quote ends at the first occurrence of its tag, so the
 * tag is one whose first occurrence in `text` followed by the tag is the closing one.
 */
function dollarQuoted(text: string): string | undefined {
  if (text.includes('\u0000')) return undefined;
  for (let attempt = 0; ; attempt += 1) {
    const tag = attempt === 0 ? '$v$' : `$v${attempt}$`;
    if (`${text}${tag}`.indexOf(tag) === text.length) return `${tag}${text}${tag}`;
  }
}
