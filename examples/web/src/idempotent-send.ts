import { useCallback, useRef, useState } from 'react';
import { describeProblem, RETRYABLE, type GatewayProblem } from './errors';

export type SendState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'sending' }
  | { readonly status: 'sent'; readonly result: T }
  | { readonly status: 'failed'; readonly problem: GatewayProblem; readonly retryable: boolean };

/**
 * Sends the way the gateway's README tells clients to: every send carries an idempotency key,
 * and a retry of the same input reuses it, so a send that may have reached Intercom is never
 * made twice. An edited input is a new message and gets a new key.
 */
export function useIdempotentSend<T>(send: (idempotencyKey: string) => Promise<T>) {
  const key = useRef(crypto.randomUUID());
  const [state, setState] = useState<SendState<T>>({ status: 'idle' });

  const attempt = useCallback(async () => {
    setState({ status: 'sending' });
    try {
      const result = await send(key.current);
      key.current = crypto.randomUUID();
      setState({ status: 'sent', result });
    } catch (error) {
      const problem = describeProblem(error);
      setState({ status: 'failed', problem, retryable: RETRYABLE.has(problem.code) });
    }
  }, [send]);

  /** The input changed: what follows is another message. */
  const edited = useCallback(() => {
    key.current = crypto.randomUUID();
    // Field errors stay beside their fields until the next send; a success notice goes.
    setState((current) => (current.status === 'sent' ? { status: 'idle' } : current));
  }, []);

  return { state, attempt, edited };
}
