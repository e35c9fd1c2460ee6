import type { IncomingMessage } from 'node:http';
import {
  CloseCode,
  handleProtocols,
  makeServer,
  MessageType,
  stringifyMessage,
  type ServerOptions,
} from 'graphql-ws';
import type { RawData, WebSocket, WebSocketServer } from 'ws';

/** What each graphql-ws operation gets besides its context: the socket and its upgrade request. */
export type SocketExtra = { request: IncomingMessage; socket: WebSocket };

/** Why the transport closed a socket of its own accord. */
export type TransportRefusal = 'not-reading' | 'frame-before-init' | 'socket-error' | 'protocol';

export interface TransportOptions {
  /** Answers a socket may leave unread; past this it is cut off. */
  readonly maxUnreadBytes: number;
  /** The largest frame before the socket's connection_init is accepted. */
  readonly preInitFrameBytes: number;
  /** Whether `socket`'s connection_init was accepted. */
  readonly admitted: (socket: WebSocket) => boolean;
  /** Every socket is pinged this often; one that has not answered by the next ping is cut off. */
  readonly keepAliveMs: number;
  readonly onRefusal: (reason: TransportRefusal) => void;
}

/** WebSocket "message too big". */
const MESSAGE_TOO_BIG = 1009;

/** A frame's size as ws hands it over (one buffer, or fragments). */
function frameBytes(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((total, part) => total + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

/**
 * graphql-ws's protocol (`makeServer`) over `ws` sockets, with what the library's own `ws`
 * adapter leaves unbounded bounded: a client that does not read its answers is cut off before
 * they pile up in memory; a ping is answered without its payload (a client cannot make the
 * gateway write back what it sent); frames before connection_init are small; and a failed write
 * or a broken message closes only that socket, counted, instead of a line on stderr.
 */
export function serveGraphQLWs<P extends Record<string, unknown>>(
  serverOptions: ServerOptions<P, SocketExtra>,
  sockets: WebSocketServer,
  options: TransportOptions,
): { dispose(): Promise<void> } {
  const server = makeServer(serverOptions);
  sockets.options.handleProtocols = handleProtocols;
  // ws repeats the HTTP server's own errors here; unheard, each would be an uncaught exception.
  // The HTTP server's listener reports them.
  sockets.on('error', () => undefined);

  sockets.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const cutOff = (reason: TransportRefusal) => {
      options.onRefusal(reason);
      socket.terminate();
    };
    // ws reports a frame over its limit or a broken frame here, and closes the socket (1009,
    // 1002) itself: a client's doing, counted.
    socket.on('error', () => options.onRefusal('socket-error'));

    let answeredPing = true;
    socket.on('pong', () => (answeredPing = true));
    const keepAlive = setInterval(() => {
      // Gone quiet (a dead peer, a lost network): not a refusal, just a socket to end.
      if (!answeredPing) return socket.terminate();
      answeredPing = false;
      socket.ping();
    }, options.keepAliveMs);
    keepAlive.unref();

    const send = (data: string) =>
      new Promise<void>((resolve) => {
        if (socket.readyState !== socket.OPEN) return resolve();
        if (socket.bufferedAmount > options.maxUnreadBytes) {
          cutOff('not-reading');
          return resolve();
        }
        // A write that fails means the socket is going: its close event ends its operations.
        socket.send(data, () => resolve());
      });

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send,
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data: RawData) => {
            if (socket.bufferedAmount > options.maxUnreadBytes) return cutOff('not-reading');
            if (!options.admitted(socket) && frameBytes(data) > options.preInitFrameBytes) {
              // Before connection_init is accepted a frame needs room for credentials only.
              options.onRefusal('frame-before-init');
              socket.close(
                MESSAGE_TOO_BIG,
                'Frame too large before the connection is acknowledged',
              );
              return;
            }
            try {
              await handle(String(data));
            } catch {
              // A message the protocol does not allow here, or a hook that failed: graphql-ws
              // leaves it to the adapter. Counted, and this socket alone closes, as the library's
              // own adapter closes it (4500) but without a line on stderr.
              options.onRefusal('protocol');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
        // The protocol lets a pong carry a payload; it need not be the ping's.
        onPing: () => send(stringifyMessage({ type: MessageType.Pong })),
      },
      { socket, request },
    );

    socket.once('close', (code: number, reason: Buffer) => {
      clearInterval(keepAlive);
      // An operation that fails as it ends fails alone.
      closed(code, String(reason)).catch(() => undefined);
    });
  });

  return {
    async dispose() {
      for (const client of sockets.clients) client.close(1001, 'Going away');
      await new Promise<void>((resolve, reject) =>
        sockets.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
