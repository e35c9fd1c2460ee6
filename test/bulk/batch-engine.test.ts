import { loadConfig } from '../../src/config';
import { BatchEngine, type BatchSlice } from '../../src/bulk/batch-engine';
import { openLedger, type LedgerStores } from '../../src/store/ledger/open-ledger';

/**
 * The bulk job engine's workers on the embedded database (PGlite in memory): a job whose
 * handler runs past its lease is given up (taken again later), and the handler, which goes on
 * by itself, is still waited for when the engine stops.
 */
describe('the bulk job engine', () => {
  let stores: LedgerStores;
  beforeAll(async () => {
    const config = loadConfig({ LEDGER_DATA_DIR: 'memory://' });
    stores = await openLedger(config.ledger, config);
  });
  afterAll(() => stores.close());

  it('waits at close for a handler that ran past its lease', async () => {
    let overran!: () => void;
    const overrun = new Promise<void>((resolve) => (overran = resolve));
    const engine = await BatchEngine.start({
      database: { executeSql: stores.embeddedSql as NonNullable<LedgerStores['embeddedSql']> },
      schema: 'engine_close_test',
      leaseSeconds: 1,
      onError: (error) => {
        if (error.name === 'JobLeaseOverrunError') overran();
      },
      onOutcomeNotRecorded: () => undefined,
    });
    const ran: BatchSlice[] = [];
    let handlerDone = false;
    await engine.work(
      async (slice) => {
        ran.push(slice);
        // A send that takes longer than the job's lease (a second), then ends by itself.
        await new Promise((wake) => setTimeout(wake, 1_600));
        handlerDone = true;
      },
      { holding: async () => undefined, released: () => undefined },
    );
    await engine.enqueue('3b0c8a58-3f4e-4c38-9d1b-5d0f9a5f1e01', [0]);
    engine.wake();
    await overrun;
    expect(handlerDone).toBe(false);
    await engine.close(10_000);
    expect(handlerDone).toBe(true);
    expect(ran).toHaveLength(1);
  });
});
