import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The self-hosted explorer's files: the page, and the script and stylesheet that
 * `scripts/build-explorer.mjs` bundles from npm into `dist/explorer-assets/`. Read once, kept in
 * memory with their gzip form; nothing is fetched from a CDN.
 */
export interface ExplorerAsset {
  readonly contentType: string;
  readonly body: Buffer;
  readonly gzipped: Buffer;
  readonly etag: string;
}

/** Where the self-hosted explorer's page is served; its files under `${GRAPHIQL_PATH}/assets/`. */
export const GRAPHIQL_PATH = '/graphiql';

/** Where the bundle lies, from both src/explorer (tests) and dist/explorer (built). */
const ASSET_DIR = resolve(__dirname, '..', '..', 'dist', 'explorer-assets');

const FILES: Readonly<Record<string, string>> = {
  'graphiql.js': 'text/javascript; charset=utf-8',
  'graphiql.css': 'text/css; charset=utf-8',
  'graphiql.js.LEGAL.txt': 'text/plain; charset=utf-8',
};

/** The page's policy: its own script and styles only, and connections to this gateway. */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // GraphiQL's editors set inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function graphiqlPage(assetPath: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>GraphiQL · intercom-messages-gateway</title>
    <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
    <link rel="stylesheet" href="${assetPath}/graphiql.css" />
  </head>
  <body>
    <div id="graphiql">Loading the explorer…</div>
    <script src="${assetPath}/graphiql.js"></script>
  </body>
</html>
`;
}

export class GraphiQLAssets {
  private readonly cache = new Map<string, ExplorerAsset>();

  /** Whether the bundle was built (`npm run build`). */
  get built(): boolean {
    return existsSync(resolve(ASSET_DIR, 'graphiql.js'));
  }

  /** One of the bundle's files by name; undefined for any other name. */
  get(name: string): ExplorerAsset | undefined {
    const contentType = FILES[name];
    if (contentType === undefined) return undefined;
    const cached = this.cache.get(name);
    if (cached) return cached;
    const path = resolve(ASSET_DIR, name);
    if (!existsSync(path)) return undefined;
    const body = readFileSync(path);
    const asset: ExplorerAsset = {
      contentType,
      body,
      gzipped: gzipSync(body),
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    };
    this.cache.set(name, asset);
    return asset;
  }
}
