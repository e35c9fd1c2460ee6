import type { HTTPGraphQLRequest } from '@apollo/server';
import type { ParseOptions } from 'graphql';
import { HttpError } from '../http/body';
import { isSha256Hex, sha256Hex, type TrustedDocuments } from './trusted-documents';

/** GATEWAY_TRUSTED_DOCUMENTS and GATEWAY_TRUSTED_DOCUMENTS_ONLY, as the config read them. */
export interface TrustedDocumentsConfig {
  /** The manifest; undefined: none configured. */
  readonly documents: TrustedDocuments | undefined;
  /** true: only the manifest's documents run (the config refuses it without a manifest). */
  readonly only: boolean;
}

/** A request's document refused before anything parses it; answered like other HTTP refusals. */
export class DocumentRefusal extends HttpError {}

/**
 * Apollo's answer to an unknown hash, word for word: Apollo Client's persisted-query link and
 * urql's persisted exchange recognise it (urql by the message alone) and send the text.
 */
const persistedQueryNotFound = () =>
  new DocumentRefusal(200, 'PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound', {
    'cache-control': 'private, no-cache, must-revalidate',
  });

const notTrusted = () =>
  new DocumentRefusal(
    400,
    'QUERY_NOT_IN_SAFELIST',
    'This gateway runs only the operations its frontends were built with (GATEWAY_TRUSTED_DOCUMENTS_ONLY), and this is not one of them.',
  );

const badRequest = (message: string) => new DocumentRefusal(400, 'BAD_REQUEST', message);

/** The parts of a GraphQL request that choose its document. */
interface DocumentChoice {
  readonly query: unknown;
  readonly extensions: Record<string, unknown> | undefined;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Which document a request runs, for every transport: Apollo's persisted-query protocol
 * (`extensions.persistedQuery: { version: 1, sha256Hash }`) served from the trusted-documents
 * manifest, and, in trusted-only mode, the refusal of every document the manifest lacks. The
 * hash's shape is checked before any lookup. A document found in the manifest always runs as
 * the manifest's text. Without trusted-only mode, other documents and Apollo's own registry of
 * persisted queries work as before.
 */
export class DocumentAdmission {
  private readonly documents: TrustedDocuments | undefined;
  readonly trustedOnly: boolean;

  constructor(
    config: TrustedDocumentsConfig,
    private readonly parseOptions: ParseOptions,
  ) {
    this.documents = config.documents;
    this.trustedOnly = config.only && config.documents !== undefined;
  }

  /**
   * The document text to run when a transport has only the text (graphql-ws sends it always):
   * the text itself, or in trusted-only mode the manifest's text of the same operation.
   * Throws DocumentRefusal.
   */
  admitText(query: unknown): unknown {
    if (!this.trustedOnly || typeof query !== 'string') return query;
    const trusted = this.documents?.match(query, this.parseOptions);
    if (!trusted) throw notTrusted();
    return trusted.text;
  }

  /** The HTTP request as it should reach Apollo (GET or POST), or DocumentRefusal. */
  admitHttp(request: HTTPGraphQLRequest): HTTPGraphQLRequest {
    if (request.method === 'GET') {
      const params = new URLSearchParams(request.search);
      const rawExtensions = params.get('extensions');
      let extensions: unknown;
      if (rawExtensions !== null) {
        try {
          extensions = JSON.parse(rawExtensions);
        } catch {
          throw badRequest('The extensions parameter is not valid JSON.');
        }
      }
      const chosen = this.choose({
        query: params.get('query') ?? undefined,
        extensions: isObject(extensions) ? extensions : undefined,
      });
      if (!chosen) return request;
      if (typeof chosen.query === 'string') params.set('query', chosen.query);
      if (chosen.extensions) params.set('extensions', JSON.stringify(chosen.extensions));
      else params.delete('extensions');
      return { ...request, search: `?${params.toString()}` };
    }
    if (!isObject(request.body)) return request;
    const body = request.body;
    const chosen = this.choose({
      query: body.query,
      extensions: isObject(body.extensions) ? body.extensions : undefined,
    });
    if (!chosen) return request;
    const { extensions: _sent, ...rest } = body;
    return {
      ...request,
      body: {
        ...rest,
        query: chosen.query,
        ...(chosen.extensions ? { extensions: chosen.extensions } : {}),
      },
    };
  }

  /** What to run instead of what was sent, or undefined to let it through as it is. */
  private choose(request: DocumentChoice): DocumentChoice | undefined {
    const { query, extensions } = request;
    const text = typeof query === 'string' && query !== '' ? query : undefined;
    const persisted = extensions?.persistedQuery;
    if (persisted === undefined) {
      if (!this.trustedOnly || text === undefined) return undefined;
      return { query: this.admitText(text), extensions: withoutPersistedQuery(extensions) };
    }
    if (!isObject(persisted) || persisted.version !== 1) {
      throw badRequest('extensions.persistedQuery must have version 1.');
    }
    const hash = persisted.sha256Hash;
    if (!isSha256Hex(hash)) {
      throw badRequest(
        'extensions.persistedQuery.sha256Hash must be a SHA-256 hash: 64 lower-case hex digits.',
      );
    }
    const trusted = this.documents?.byDigest(hash);
    // The hash names the document: the manifest's text runs, whatever text came with it (a
    // codegen hash is of codegen's print, not of the client's).
    if (trusted) return { query: trusted.text, extensions: withoutPersistedQuery(extensions) };
    if (this.trustedOnly) {
      if (text === undefined) throw persistedQueryNotFound();
      return { query: this.admitText(text), extensions: withoutPersistedQuery(extensions) };
    }
    // Apollo's registry: a hash alone is looked up there, a text registered under its own hash.
    if (text === undefined || sha256Hex(text) === hash) return undefined;
    // A hash that is not the text's (a codegen hash this manifest lacks, sent again with the
    // text after PersistedQueryNotFound): the text runs as any document would, and is not
    // registered under a hash that is not its own.
    return { query: text, extensions: withoutPersistedQuery(extensions) };
  }
}

function withoutPersistedQuery(extensions: Json | undefined): Json | undefined {
  if (!extensions) return undefined;
  const { persistedQuery: _dropped, ...rest } = extensions;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
