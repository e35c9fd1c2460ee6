import type { IncomingMessage, Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Authenticator } from '../auth/authenticator';
import type { Principal } from '../auth/principal';
import type { GatewayContext } from '../graphql/context';
import { clientAddress } from '../http/client-address';
import { formatError } from '../graphql/errors';
import type { Logger } from '../logger';

export interface SubscriptionServerOptions {
  readonly server: Server;
  readonly path: string;
  readonly schema: GraphQLSchema;
  readonly authenticator: Authenticator;
  readonly trustProxy: boolean;
  readonly logger: Logger;
  readonly context: (principal: Principal) => GatewayContext;
}

/** The principal a connection authenticated as, kept on the connection. */
const principals = new WeakMap<object, Principal>();

function authorizationOf(
  params: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/**
 * GraphQL subscriptions over graphql-ws on the HTTP server's /graphql path. A connection
 * authenticates once, through `connectionParams.authorization`, with the same rules as HTTP;
 * errors reach subscribers with the same codes as over HTTP.
 */
export function serveSubscriptions(options: SubscriptionServerOptions): { close(): Promise<void> } {
  const sockets = new WebSocketServer({ server: options.server, path: options.path });
  const served = useServer<Record<string, unknown>, { request: IncomingMessage }>(
    {
      schema: options.schema,
      onConnect: async (context) => {
        try {
          const principal = await options.authenticator.authenticate(
            authorizationOf(context.connectionParams),
            clientAddress(context.extra.request, options.trustProxy),
          );
          principals.set(context, principal);
          return true;
        } catch {
          // graphql-ws closes with 4403 Forbidden.
          return false;
        }
      },
      context: (context) => options.context(principals.get(context) as Principal),
      onNext: (_context, _id, _payload, _args, result) => {
        if (!('errors' in result) || !result.errors) return undefined;
        return {
          ...result,
          errors: result.errors.map((error) => formatError(error.toJSON(), error)),
        };
      },
      // An error thrown while streaming arrives wrapped without a path: unwrap it before mapping.
      onError: (_context, _id, _payload, errors) =>
        errors.map((error) => formatError(error.toJSON(), error.originalError ?? error)),
    },
    sockets,
  );
  return {
    async close() {
      await served.dispose();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}
