import type { IntercomRequester } from '../intercom/client';

/**
 * The client as subscriptions use it: every call waits in the quota pacer's poll lane, behind
 * any send, and within the share of the quota polls may use (INTERCOM_QUOTA_POLL_SHARE_PERCENT).
 */
export function pollLane(client: IntercomRequester): IntercomRequester {
  return {
    version: client.version,
    request: (call) => client.request({ ...call, lane: 'poll' }),
    pathOf: (absoluteUrl) => client.pathOf(absoluteUrl),
  };
}
