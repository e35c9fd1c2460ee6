/** One exchange with Intercom, as the request log records it. */
export interface UpstreamAttempt {
  readonly route: string;
  readonly status: number | undefined;
  readonly ms: number;
  readonly retry: boolean;
}
