import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { MetricsConfig } from '../config';
import type { Logger } from '../logger';
import { listeningOn } from './listening-on';
import { sendJson } from './send-json';

export const METRICS_PATH = '/metrics';
const METRICS_MAX_CONNECTIONS = 64;

/** Writes the registry's metrics in Prometheus' text format. */
export async function serveMetrics(registry: Registry, response: ServerResponse): Promise<void> {
  const text = await registry.metrics();
  response.writeHead(200, { 'content-type': registry.contentType });
  response.end(text);
}

export interface RunningMetricsServer {
  /** e.g. http://127.0.0.1:9464/metrics */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `/metrics` on a listener of its own (GATEWAY_METRICS_PORT), so that a deployment can leave it
 * unpublished: the metrics name operations, clients and error rates no outsider should read.
 */
export async function startMetricsServer(
  config: MetricsConfig & { readonly port: number },
  registry: Registry,
  logger: Logger,
): Promise<RunningMetricsServer> {
  const server = createServer((request, response) => {
    const url = URL.parse(request.url ?? '/', 'http://metrics');
    if (!url) {
      sendJson(response, 400, { error: "The request's target is not a valid path." });
      return;
    }
    if (request.method !== 'GET' || url.pathname !== METRICS_PATH) {
      sendJson(response, 404, { error: `Not found. This port serves GET ${METRICS_PATH} only.` });
      return;
    }
    serveMetrics(registry, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { error: 'Metrics are not available.' });
      else response.destroy();
    });
  });
  // Scrapers are few: more connections than this are closed as they are accepted.
  server.maxConnections = METRICS_MAX_CONNECTIONS;
  await listeningOn(
    ['GATEWAY_METRICS_PORT', 'GATEWAY_METRICS_HOST'],
    config.host,
    config.port,
    () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      }),
  );
  // After the start, an error of the listening socket (accepting failed: out of descriptors) is
  // logged; unheard, it would be an uncaught exception that ends the gateway.
  server.on('error', (error: NodeJS.ErrnoException) =>
    logger.error({ err: { code: error.code } }, 'the metrics server reported an error'),
  );
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}${METRICS_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's keep-alive connection would hold the close open.
        server.closeAllConnections();
      }),
  };
}
