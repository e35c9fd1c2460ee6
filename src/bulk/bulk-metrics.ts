import { Counter, Gauge, type Registry } from 'prom-client';
import type { BatchStore } from './batch-store';

/** Bulk sends' metrics, in the gateway's registry. */
export class BulkMetrics {
  readonly recipients: Counter<'outcome'>;
  readonly transitions: Counter<'state'>;

  constructor(registry: Registry, store: BatchStore) {
    this.recipients = new Counter({
      name: 'gateway_bulk_recipients_total',
      help: 'Bulk recipients settled by this replica, by outcome (SENT, FAILED, UNKNOWN).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
    this.transitions = new Counter({
      name: 'gateway_bulk_batch_transitions_total',
      help: 'Batches that entered a state on this replica, by state.',
      labelNames: ['state'] as const,
      registers: [registry],
    });
    // Read from the database at each scrape: every replica reports the same figures.
    const batches = new Gauge({
      name: 'gateway_bulk_batches',
      help: 'Batches by state (all replicas).',
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        const { byState } = await store
          .gauges()
          .catch(() => ({ byState: {} as Record<string, number> }));
        for (const state of ['QUEUED', 'RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED']) {
          batches.set({ state }, byState[state] ?? 0);
        }
      },
    });
    const depth = new Gauge({
      name: 'gateway_bulk_queue_depth',
      help: 'Recipients still to send in queued and running batches (all replicas).',
      registers: [registry],
      async collect() {
        const gauges = await store.gauges().catch(() => undefined);
        if (gauges) depth.set(gauges.queueDepth);
      },
    });
  }
}
