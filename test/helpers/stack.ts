import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { request } from 'undici';
import { loadConfig } from '../../src/config';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator';
import { createLogger, type Logger } from '../../src/logger';
import { startGateway, type RunningGateway } from '../../src/server';

export interface StackOptions {
  /** INTERCOM_VERSION of the gateway; default 2.14. */
  version?: string;
  /** More environment for the gateway's config. */
  env?: Record<string, string>;
  emulator?: EmulatorOptions;
  /** Point the gateway at this token instead of the emulator's. */
  upstreamToken?: string;
  /** Point the gateway at this URL instead of the emulator's. */
  upstreamUrl?: string;
  /** true: the ledger on, in memory (PGlite); default: off, which most suites do not need. */
  ledger?: boolean;
  /** false: no webhooks reach the gateway (no client secret), as without INTERCOM_CLIENT_SECRET. */
  webhooks?: boolean;
  /** Where the gateway logs; default: nowhere. */
  logger?: Logger;
}

export interface GraphQLAnswer<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: ExecutionResult<T> & {
    errors?: Array<{ message: string; extensions?: Record<string, any>; path?: unknown }>;
  };
}

export interface Stack {
  emulator: RunningEmulator;
  gateway: RunningGateway;
  execute<T, V>(
    document: TypedDocumentNode<T, V>,
    variables?: V,
    headers?: Record<string, string>,
  ): Promise<GraphQLAnswer<T>>;
  /** Requests the emulator received on one route, e.g. `POST /messages`. */
  upstream(route: string): ReturnType<RunningEmulator['control']['requests']>;
  close(): Promise<void>;
}

/** The emulator on a free port and a gateway on another, as in production but in memory. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PORT: '0',
    INTERCOM_VERSION: options.version ?? '2.14',
    INTERCOM_NEW_CONTACT_RETRY_DELAY_MS: '20',
    ...(options.ledger ? { LEDGER_DATA_DIR: 'memory://' } : { LEDGER: 'off' }),
    ...options.env,
  });
  const emulator = await startEmulator({ port: 0, ...options.emulator });
  const gateway = await startGateway({
    config,
    upstream: {
      baseUrl: options.upstreamUrl ?? emulator.url,
      accessToken: options.upstreamToken ?? emulator.accessToken,
    },
    logger: options.logger ?? createLogger('silent'),
    webhookSecret: options.webhooks === false ? undefined : emulator.webhookSecret,
  });
  // The emulator's webhooks reach this gateway, as the embedded one's do.
  if (options.webhooks !== false) emulator.webhooks.setUrl(`${gateway.url}/webhooks/intercom`);
  return {
    emulator,
    gateway,
    async execute(document, variables, headers = {}) {
      const response = await request(gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: print(document), variables }),
      });
      return {
        status: response.statusCode,
        headers: response.headers,
        body: (await response.body.json()) as GraphQLAnswer<never>['body'],
      };
    },
    upstream: (route) => emulator.control.requests(route),
    async close() {
      await gateway.close();
      await emulator.close();
    },
  };
}
