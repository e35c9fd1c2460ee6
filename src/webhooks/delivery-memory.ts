import { describeDatabaseError } from '../store/ledger/database-errors';
import type { Logger } from '../logger';
import { notificationTtlMs, type Delivery } from '../store/seen-notifications';

/** Notification ids kept where they outlive the process (the ledger's database). */
export interface DurableDeliveries {
  remember(id: string, ttlMs: number): Promise<Delivery>;
}

/**
 * Where the endpoint remembers the notifications it published: the ledger's database when the
 * ledger is on (a replay after a restart is recognised), else the stores' own memory (Redis when
 * configured, this process's otherwise). While the database fails, the stores' memory answers: a
 * redelivery may then be published again, which is better than losing a notification.
 */
export function deliveryMemory(
  durable: DurableDeliveries | undefined,
  stores: { firstDelivery(id: string): Promise<Delivery> },
  maxAgeSeconds: number,
  logger: Logger,
): (id: string) => Promise<Delivery> {
  if (durable === undefined) return (id) => stores.firstDelivery(id);
  const ttlMs = notificationTtlMs(maxAgeSeconds);
  return async (id) => {
    try {
      return await durable.remember(id, ttlMs);
    } catch (error) {
      logger.warn(
        { err: describeDatabaseError(error) },
        "webhook deliveries could not be checked in the ledger's database: remembered in memory instead",
      );
      return stores.firstDelivery(id);
    }
  };
}
