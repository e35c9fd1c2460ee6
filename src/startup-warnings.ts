import type { GatewayConfig } from './config';
import type { Logger } from './logger';

/**
 * Settings a development set-up may use on purpose but an operator should hear about at every
 * start: they are allowed, and each says what it means. (Settings production must not run with
 * are refused by the configuration instead.)
 */
export function warnAboutSettings(config: GatewayConfig, logger: Logger, webhooks: boolean): void {
  if (config.auth.mode === 'none') {
    logger.warn(
      'GATEWAY_AUTH=none: anyone who can reach this gateway can send Intercom messages as any admin. Never run it like this where others can reach it.',
    );
  }

  if (config.metrics.port === undefined && !config.metrics.onPublicPort) {
    logger.warn(
      '/metrics is not served: with GATEWAY_AUTH=jwt it is kept off PORT, where a person could read it. Set GATEWAY_METRICS_PORT to serve it on a port of its own.',
    );
  }

  if (!webhooks) {
    logger.warn(
      `Webhooks are off (INTERCOM_CLIENT_SECRET is not set): conversationStarted asks Intercom every ${config.conversations.pollIntervalMs / 1000} s for at most ${config.conversations.pollMaxWaitMs / 1000} s, and conversationUpdated is refused.`,
    );
  }
}
