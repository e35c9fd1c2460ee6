/** What the WebSocket caps allow one client (principal) on one replica. */
export interface SocketLimits {
  readonly socketsPerClient: number;
  readonly subscriptionsPerSocket: number;
  readonly subscriptionsPerClient: number;
}

/** A subscription's place under the caps, held from `subscribe` until it ends. */
export interface SubscriptionSlot {
  /** Gives the place back; later calls do nothing. */
  release(): void;
}

export type SlotRefusal =
  | 'subscriptions-per-socket'
  | 'subscriptions-per-client'
  /** The id names a subscription of this socket still being set up or running. */
  | 'id-in-use';

/**
 * The sockets each client holds open and the subscriptions each socket runs: what the caps count.
 * A subscription holds its slot from the moment it is asked for (before any check that waits),
 * so a burst is counted exactly: graphql-ws's own list also holds subscriptions that are still
 * being set up or already refused, which refused good ones in a burst.
 */
export class ClientSockets<Socket extends object> {
  private readonly socketsOf = new Map<string, Set<Socket>>();
  /** Per socket: subscription id -> the slot's token (a client may reuse an id once it ends). */
  private readonly slotsOf = new WeakMap<Socket, Map<string, symbol>>();

  constructor(private readonly limits: SocketLimits) {}

  /** Registers an authenticated socket, or answers false when the client holds its most. */
  open(clientId: string, socket: Socket): boolean {
    const own = this.socketsOf.get(clientId) ?? new Set<Socket>();
    if (own.size >= this.limits.socketsPerClient) return false;
    own.add(socket);
    this.socketsOf.set(clientId, own);
    this.slotsOf.set(socket, new Map());
    return true;
  }

  /** Forgets a closed socket and every slot it held. */
  close(clientId: string, socket: Socket): void {
    const own = this.socketsOf.get(clientId);
    own?.delete(socket);
    if (own?.size === 0) this.socketsOf.delete(clientId);
    this.slotsOf.delete(socket);
  }

  /** Takes a slot for subscription `id`, or names the cap it would go over. */
  reserve(clientId: string, socket: Socket, id: string): SubscriptionSlot | SlotRefusal {
    const slots = this.slotsOf.get(socket);
    // An id completed while its subscription was still being set up is still in use: reused,
    // both setups would go on, and only the last would be ended with the socket.
    if (slots?.has(id)) return 'id-in-use';
    if (!slots || slots.size >= this.limits.subscriptionsPerSocket) {
      return 'subscriptions-per-socket';
    }
    if (this.clientSubscriptions(clientId) >= this.limits.subscriptionsPerClient) {
      return 'subscriptions-per-client';
    }
    const token = Symbol(id);
    slots.set(id, token);
    return {
      release: () => {
        if (slots.get(id) === token) slots.delete(id);
      },
    };
  }

  private clientSubscriptions(clientId: string): number {
    let count = 0;
    for (const socket of this.socketsOf.get(clientId) ?? []) {
      count += this.slotsOf.get(socket)?.size ?? 0;
    }
    return count;
  }
}
