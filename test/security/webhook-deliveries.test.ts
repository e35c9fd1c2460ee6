import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricValue } from '../helpers/metrics';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';
import { until } from '../helpers/until';
import {
  notification,
  postSignedWebhook,
  postWebhook,
  repliedConversation,
} from '../helpers/webhooks';

const UPDATED = `subscription ($id: ID!) { conversationUpdated(conversationId: $id) { updatedAt } }`;
const DAY_SECONDS = 86_400;

/**
 * Follows `conversationUpdated` on `conversationId`, then runs `deliver`: resolves with the
 * `updatedAt` of the first event the subscriber receives.
 */
async function firstUpdateAfter(
  stack: Stack,
  conversationId: string,
  deliver: () => Promise<void>,
): Promise<string> {
  const { client } = subscriptionClient(stack.gateway.graphqlUrl);
  try {
    const fetched = stack.upstream('GET /conversations/:id').length;
    const first = subscribe(client, UPDATED, { id: conversationId }).next();
    // Subscribed once the gateway has read the conversation it checks access to.
    await until(() => stack.upstream('GET /conversations/:id').length > fetched);
    await deliver();
    return (await first).value.data.conversationUpdated.updatedAt as string;
  } finally {
    await client.dispose();
  }
}

const at = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('with the ledger on, a notification is published once across restarts', () => {
  const folder = mkdtempSync(join(tmpdir(), 'imgw-webhook-deliveries-'));
  const start = () => startStack({ ledger: true, env: { LEDGER_DATA_DIR: folder } });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('refuses a captured notification replayed to a restarted gateway', async () => {
    const first = await start();
    let captured: string;
    let conversationId: string;
    try {
      conversationId = await repliedConversation(first);
      captured = notification(conversationId, { updated_at: 1_700_000_001 });
      const shown = await firstUpdateAfter(first, conversationId, async () => {
        expect(await postSignedWebhook(first, captured)).toEqual({
          status: 200,
          body: { ok: true },
        });
      });
      expect(shown).toBe(at(1_700_000_001));
    } finally {
      await first.close();
    }

    const restarted = await start();
    try {
      // A fresh emulator numbers its conversations from the start again: the same id.
      expect(await repliedConversation(restarted)).toBe(conversationId);
      const shown = await firstUpdateAfter(restarted, conversationId, async () => {
        expect(await postSignedWebhook(restarted, captured)).toEqual({
          status: 200,
          body: { ok: true },
        });
        await postSignedWebhook(
          restarted,
          notification(conversationId, { updated_at: 1_700_000_002 }),
        );
      });
      expect(shown).toBe(at(1_700_000_002));
      expect(await metricValue(restarted, 'gateway_webhooks_total{outcome="duplicate"}')).toBe(1);
    } finally {
      await restarted.close();
    }
    // The first start creates the embedded database in its folder: tens of seconds on a busy machine.
  }, 120_000);
});

describe('notifications from the future, and bodies over the limit', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { WEBHOOK_MAX_BODY_BYTES: '2048' } });
  });
  afterAll(() => stack.close());

  it('refuses a genuinely signed notification dated a day ahead, and publishes nothing', async () => {
    const conversationId = await repliedConversation(stack);
    const tomorrow = Math.floor(Date.now() / 1000) + DAY_SECONDS;
    const shown = await firstUpdateAfter(stack, conversationId, async () => {
      const ahead = notification(conversationId, { updated_at: 1_700_000_003 }, tomorrow);
      expect(await postSignedWebhook(stack, ahead)).toEqual({
        status: 400,
        body: { error: 'The notification is dated in the future: check the server clocks.' },
      });
      await postSignedWebhook(stack, notification(conversationId, { updated_at: 1_700_000_004 }));
    });
    expect(shown).toBe(at(1_700_000_004));
    expect(await metricValue(stack, 'gateway_webhooks_total{outcome="future"}')).toBe(1);
  });

  it('accepts one dated within a few seconds of clock skew', async () => {
    const conversationId = await repliedConversation(stack);
    const soon = Math.floor(Date.now() / 1000) + 5;
    const shown = await firstUpdateAfter(stack, conversationId, async () => {
      const skewed = notification(conversationId, { updated_at: 1_700_000_005 }, soon);
      expect((await postSignedWebhook(stack, skewed)).status).toBe(200);
    });
    expect(shown).toBe(at(1_700_000_005));
  });

  it('counts a body over WEBHOOK_MAX_BODY_BYTES like every other refusal', async () => {
    const before = await metricValue(stack, 'gateway_webhooks_total{outcome="too-large"}');
    const oversized = notification('9000001', { body: 'x'.repeat(4096) });
    const answer = await postWebhook(stack, oversized, 'sha1=' + '0'.repeat(40));
    expect(answer).toEqual({
      status: 413,
      body: { error: 'The request body is larger than 2048 bytes.' },
    });
    expect(await metricValue(stack, 'gateway_webhooks_total{outcome="too-large"}')).toBe(
      before + 1,
    );
  });
});
