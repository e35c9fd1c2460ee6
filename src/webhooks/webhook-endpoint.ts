import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody } from '../http/body';
import { sendJson } from '../http/send-json';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../observability/metrics';
import { WEBHOOK_CLOCK_SKEW_SECONDS, type Delivery } from '../store/seen-notifications';
import { handleIntercomWebhook, type WebhookOutcome } from './intercom-webhook';

export interface WebhookEndpointOptions {
  /** The secret notifications are signed with; undefined: webhooks are off (404). */
  readonly clientSecret: string | undefined;
  readonly maxBodyBytes: number;
  readonly maxAgeSeconds: number;
  firstDelivery(notificationId: string): Promise<Delivery>;
  publish(conversation: Record<string, unknown>): Promise<void>;
  readonly metrics: Pick<GatewayMetrics, 'webhooks'>;
  readonly logger: Logger;
}

/**
 * `POST /webhooks/intercom` over HTTP: reads the body within its limit and answers what
 * `handleIntercomWebhook` decides. Every answer, a body over the limit included, is counted by
 * outcome and logged (never the body).
 */
export function webhookEndpoint(
  options: WebhookEndpointOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const { clientSecret, metrics, logger } = options;
  const answered = (
    response: ServerResponse,
    outcome: WebhookOutcome,
    status: number,
    body: Record<string, unknown>,
  ) => {
    metrics.webhooks.inc({ outcome });
    logger.info({ outcome, status }, 'intercom webhook');
    sendJson(response, status, body);
  };
  return async (request, response) => {
    if (clientSecret === undefined) {
      sendJson(response, 404, { error: 'Webhooks are off: set INTERCOM_CLIENT_SECRET.' });
      return;
    }
    let raw: string;
    try {
      raw = await readBody(request, options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      answered(response, error.status === 413 ? 'too-large' : 'malformed', error.status, {
        error: error.message,
      });
      return;
    }
    const signature = request.headers['x-hub-signature'];
    const answer = await handleIntercomWebhook(
      raw,
      typeof signature === 'string' ? signature : undefined,
      {
        clientSecret,
        maxAgeSeconds: options.maxAgeSeconds,
        maxFutureSkewSeconds: WEBHOOK_CLOCK_SKEW_SECONDS,
        firstDelivery: options.firstDelivery,
        publish: options.publish,
      },
    );
    answered(response, answer.outcome, answer.status, answer.body);
  };
}
