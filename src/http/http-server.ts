import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../observability/metrics';
import { ClientAbortedError, RequestTimedOutError } from './body';
import { graphqlError, sendJson } from './send-json';

/**
 * The gateway's HTTP server: every request through one route, counted while open, so that a
 * shutdown can stop taking work, wait for what is open, and then close what is left. No error of
 * a route escapes: a client that went away is counted, anything else answers 500 (masked).
 */
export class GatewayHttpServer {
  readonly server: Server;
  private accepting = true;
  private open = 0;
  private idle: (() => void) | undefined;

  constructor(
    route: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
    private readonly logger: Logger,
    metrics: GatewayMetrics,
    {
      maxConnections,
      requestTimeoutMs,
    }: {
      /** Connections open at once, WebSockets included; past it, new ones are closed unanswered. */
      readonly maxConnections: number;
      /** The longest a request may take to arrive whole (408 past it, the connection closed). */
      readonly requestTimeoutMs: number;
    },
  ) {
    // Node's own bounds are 60 s for headers and 5 minutes for a whole request, looked at every
    // 30 s: a client dripping a body (a webhook's, read whole before its signature is checked)
    // held its connection and buffers that long. Looked at every second instead.
    const options = {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(requestTimeoutMs, 10_000),
      connectionsCheckingInterval: Math.min(1000, requestTimeoutMs),
    };
    this.server = createServer(options, (request, response) => {
      this.open += 1;
      response.on('close', () => {
        this.open -= 1;
        if (this.open === 0) this.idle?.();
      });
      if (!this.accepting) response.setHeader('connection', 'close');
      // A route that throws before it returns its promise is caught like one that rejects.
      let routed: Promise<void>;
      try {
        routed = route(request, response);
      } catch (error) {
        routed = Promise.reject(error);
      }
      routed.catch((error: unknown) => {
        if (error instanceof ClientAbortedError) {
          metrics.clientAborts.inc();
          logger.info('client aborted the request');
          response.destroy();
          return;
        }
        // Node answered 408 and closed the connection already.
        if (error instanceof RequestTimedOutError) {
          metrics.requestTimeouts.inc();
          logger.info('request timed out: its body did not arrive whole in time');
          response.destroy();
          return;
        }
        logger.error({ err: error }, 'unhandled error in the HTTP layer');
        if (!response.headersSent) {
          sendJson(
            response,
            500,
            graphqlError('Something went wrong in the gateway.', 'INTERNAL_SERVER_ERROR'),
          );
        } else response.destroy();
      });
    });
    // Each connection holds a descriptor and buffers: a flood of them (idle, or WebSockets that
    // never send connection_init) must meet a bound before the process's descriptor limit.
    this.server.maxConnections = maxConnections;
    this.server.on('drop', () => metrics.droppedConnections.inc());
  }

  /** Listens on `port` and `host`; resolves with the URL it answers on. */
  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    // After the start, an error of the listening socket (accepting failed) is logged, not thrown.
    this.server.on('error', (error: NodeJS.ErrnoException) =>
      this.logger.error({ err: { code: error.code } }, 'the HTTP server reported an error'),
    );
    const address = this.server.address() as AddressInfo;
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${shown}:${address.port}`;
  }

  /** Whether it still takes work (`/readyz` says not once a shutdown began). */
  get isAccepting(): boolean {
    return this.accepting;
  }

  /** Requests still open. */
  get openRequests(): number {
    return this.open;
  }

  /** A shutdown began: answers from now on close their connection. */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** Stops listening and closes idle connections; resolves once every connection is closed. */
  closeListener(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    return closed;
  }

  /** Waits until no request is open, or `ms` have passed. */
  async drainedWithin(ms: number): Promise<void> {
    if (this.open === 0) return;
    const drained = new Promise<void>((resolve) => (this.idle = resolve));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([drained, waited]);
    clearTimeout(timer);
  }

  /** Closes every connection still open, answered or not. */
  closeAllConnections(): void {
    this.server.closeAllConnections();
  }
}
