import { hash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { parse, print, visit, type ASTNode, type DocumentNode, type ParseOptions } from 'graphql';

/** A SHA-256 digest as the manifest and Apollo's persisted-query protocol spell it. */
const SHA256_HEX_LENGTH = 64;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The largest manifest read: a frontend's documents take a few hundred kilobytes. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** Whether `value` is a SHA-256 hex digest: its length first, so the pattern only sees 64 characters. */
export const isSha256Hex = (value: unknown): value is string =>
  typeof value === 'string' && value.length === SHA256_HEX_LENGTH && SHA256_HEX.test(value);

export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

/** One operation the frontends were built with. */
export interface TrustedDocument {
  readonly hash: string;
  /** The manifest's text; what runs whenever this document is asked for. */
  readonly text: string;
}

/**
 * The operations frontends were built with: GraphQL Code Generator's persisted-documents
 * manifest (`generated/graphql/persisted-documents.json`, hash -> document), read once at
 * start-up. A request names one by its hash, or sends a text that is the same operation (same
 * fields, arguments and variables in any order and layout: the manifest keeps codegen's sorted
 * print, a client sends its own).
 */
export class TrustedDocuments {
  private constructor(
    private readonly byHash: ReadonlyMap<string, TrustedDocument>,
    /** The order-free form of each document (see `shapeOf`) -> the document. */
    private readonly byShape: ReadonlyMap<string, TrustedDocument>,
  ) {}

  /** Reads a manifest file; throws an Error whose message is one line saying what is wrong. */
  static read(path: string): TrustedDocuments {
    let raw: string;
    let fd: number | undefined;
    try {
      // Opened and looked at before it is read: a device or pipe (/dev/zero) never ends, and
      // opening a named pipe waits for a writer unless it does not block.
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new Error('it is not a regular file');
      if (stat.size > MAX_MANIFEST_BYTES) {
        throw new Error(`the file is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB`);
      }
      raw = readFileSync(fd, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      throw new Error(
        code === 'ENOENT' ? 'the file does not exist' : `the file cannot be read (${code})`,
      );
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    let manifest: unknown;
    try {
      manifest = JSON.parse(raw);
    } catch {
      throw new Error('the file is not JSON');
    }
    return TrustedDocuments.from(manifest);
  }

  /** Validates a parsed manifest: every key the SHA-256 of its document, every document GraphQL. */
  static from(manifest: unknown): TrustedDocuments {
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      throw new Error('expected a JSON object of SHA-256 hash -> GraphQL document');
    }
    const byHash = new Map<string, TrustedDocument>();
    const byShape = new Map<string, TrustedDocument>();
    for (const [hash, text] of Object.entries(manifest)) {
      if (!isSha256Hex(hash)) {
        throw new Error(
          'every key must be a SHA-256 hash: 64 lower-case hex digits (codegen.yml: persistedDocuments.hashAlgorithm: sha256)',
        );
      }
      if (typeof text !== 'string' || sha256Hex(text) !== hash) {
        throw new Error(`the document under ${hash} is not a string whose SHA-256 is its key`);
      }
      let document: DocumentNode;
      try {
        document = parse(text, { noLocation: true });
      } catch {
        throw new Error(`the document under ${hash} is not valid GraphQL`);
      }
      const trusted = { hash, text };
      byHash.set(hash, trusted);
      byShape.set(shapeOf(document), trusted);
    }
    if (byHash.size === 0) throw new Error('it lists no documents');
    return new TrustedDocuments(byHash, byShape);
  }

  get size(): number {
    return this.byHash.size;
  }

  /** The document under a hash that `isSha256Hex` accepted. */
  byDigest(hash: string): TrustedDocument | undefined {
    return this.byHash.get(hash);
  }

  /**
   * The trusted document `text` is, or undefined. The exact text costs one hash; any other text
   * is parsed (within the token limit) and compared by its order-free form.
   */
  match(text: string, parseOptions: ParseOptions): TrustedDocument | undefined {
    const exact = this.byHash.get(sha256Hex(text));
    if (exact) return exact;
    let document: DocumentNode;
    try {
      document = parse(text, { ...parseOptions, noLocation: true });
    } catch {
      return undefined;
    }
    return this.byShape.get(shapeOf(document));
  }
}

const sorted = <T extends ASTNode>(nodes: readonly T[] | undefined): T[] | undefined =>
  nodes &&
  nodes
    .map((node) => [print(node), node] as const)
    .sort(byText)
    .map(([, node]) => node);

const byText = (a: readonly [string, unknown], b: readonly [string, unknown]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/**
 * A document printed with every list whose order the manifest's codegen may change sorted
 * (definitions, selections, variables, arguments, directives, object fields) and white space
 * collapsed: two texts of one operation print the same. Children are sorted before their parents
 * (`leave`), so each sort compares finished forms. Only used to find a manifest entry: what runs
 * is always the manifest's own text.
 */
function shapeOf(document: DocumentNode): string {
  const shaped = visit(document, {
    Document: { leave: (node) => ({ ...node, definitions: sorted(node.definitions) ?? [] }) },
    OperationDefinition: {
      leave: (node) => ({
        ...node,
        variableDefinitions: sorted(node.variableDefinitions),
        directives: sorted(node.directives),
      }),
    },
    FragmentDefinition: { leave: (node) => ({ ...node, directives: sorted(node.directives) }) },
    SelectionSet: { leave: (node) => ({ ...node, selections: sorted(node.selections) ?? [] }) },
    Field: {
      leave: (node) => ({
        ...node,
        arguments: sorted(node.arguments),
        directives: sorted(node.directives),
      }),
    },
    FragmentSpread: { leave: (node) => ({ ...node, directives: sorted(node.directives) }) },
    InlineFragment: { leave: (node) => ({ ...node, directives: sorted(node.directives) }) },
    Directive: { leave: (node) => ({ ...node, arguments: sorted(node.arguments) }) },
    ObjectValue: { leave: (node) => ({ ...node, fields: sorted(node.fields) ?? [] }) },
  });
  return print(shaped).replace(/\s+/g, ' ');
}
