import { AsyncLocalStorage } from 'node:async_hooks';

/** One exchange with Intercom, as the request log records it. */
export interface UpstreamAttempt {
  readonly route: string;
  readonly status: number | undefined;
  readonly ms: number;
  readonly retry: boolean;
}

/** What is known about the GraphQL request being served, wherever its work runs. */
export interface RequestScope {
  readonly requestId: string;
  readonly upstream: UpstreamAttempt[];
}

export const requestScope = new AsyncLocalStorage<RequestScope>();
