import { metricValue } from '../helpers/metrics';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';
import { until } from '../helpers/until';
import { notification, postSignedWebhook, repliedConversation } from '../helpers/webhooks';

const UPDATED = `subscription ($id: ID!) { conversationUpdated(conversationId: $id) { updatedAt } }`;

describe('webhook notifications are published once, and never when old', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { WEBHOOK_DEDUPE_MAX_ENTRIES: '10' } });
  });
  afterAll(() => stack.close());

  it('does not publish a genuinely signed notification older than WEBHOOK_MAX_AGE_SECONDS', async () => {
    const conversationId = await repliedConversation(stack);
    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      const fetched = stack.upstream('GET /conversations/:id').length;
      const first = subscribe(client, UPDATED, { id: conversationId }).next();
      await until(() => stack.upstream('GET /conversations/:id').length > fetched);
      const stale = await metricValue(stack, 'gateway_webhooks_total{outcome="stale"}');
      const twoHoursAgo = Math.floor(Date.now() / 1000) - 7200;
      const old = notification(conversationId, { updated_at: 1_700_000_001 }, twoHoursAgo);
      expect((await postSignedWebhook(stack, old)).status).toBe(200);
      expect(await metricValue(stack, 'gateway_webhooks_total{outcome="stale"}')).toBe(stale + 1);
      await postSignedWebhook(stack, notification(conversationId, { updated_at: 1_700_000_002 }));
      expect((await first).value.data.conversationUpdated.updatedAt).toBe(
        new Date(1_700_000_002_000).toISOString(),
      );
    } finally {
      await client.dispose();
    }
  });

  it('answers 503 (Intercom retries) rather than forget an id younger than the maximum age', async () => {
    const bodies = Array.from({ length: 11 }, () => notification('9000002'));
    const statuses: number[] = [];
    for (const body of bodies) statuses.push((await postSignedWebhook(stack, body)).status);
    // Earlier tests in this file used some of the ten places already.
    expect(statuses).toContain(503);
    expect(statuses.slice(statuses.indexOf(503))).toEqual(
      statuses.slice(statuses.indexOf(503)).map(() => 503),
    );
    const redelivered = await postSignedWebhook(stack, bodies[0] as string);
    expect(redelivered).toEqual({ status: 200, body: { ok: true } });
  });
});
