import type { IntercomRequester } from '../intercom/client';

/**
 * The client as bulk sends use it: every call waits in the quota pacer's bulk lane, behind any
 * live send and poll, and within BULK_QUOTA_SHARE of each window.
 */
export function bulkLane(client: IntercomRequester): IntercomRequester {
  return {
    version: client.version,
    request: (call) => client.request({ ...call, lane: 'bulk' }),
    pathOf: (absoluteUrl) => client.pathOf(absoluteUrl),
  };
}
