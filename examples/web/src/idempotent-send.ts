import { useCallback, useRef, useState, type FormEvent } from 'react';
import { describeProblem, RETRYABLE, type GatewayProblem } from './errors';

/**
 * A fresh idempotency key. `crypto.randomUUID` exists only in secure contexts (https, localhost);
 * the app may be served over plain http on a LAN, where 16 random bytes in hex do as well.
 */
const newKey = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
        byte.toString(16).padStart(2, '0'),
      ).join('');

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
  const key = useRef(newKey());
  const [state, setState] = useState<SendState<T>>({ status: 'idle' });

  const attempt = useCallback(async () => {
    setState({ status: 'sending' });
    try {
      const result = await send(key.current);
      key.current = newKey();
      setState({ status: 'sent', result });
    } catch (error) {
      const problem = describeProblem(error);
      setState({ status: 'failed', problem, retryable: RETRYABLE.has(problem.code) });
    }
  }, [send]);

  /** The input changed: what follows is another message. */
  const edited = useCallback(() => {
    key.current = newKey();
    // Field errors stay beside their fields until the next send; a success notice goes.
    setState((current) => (current.status === 'sent' ? { status: 'idle' } : current));
  }, []);

  /** The field errors of the last answer, by field path (none once it is sent). */
  const errors = state.status === 'failed' ? state.problem.fieldErrors : {};
  /** A field's setter that also says the input changed. */
  const change =
    <V>(set: (value: V) => void) =>
    (value: V) => {
      set(value);
      edited();
    };
  /** The form's submit: sends, with the key of this input. */
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void attempt();
  };

  return { state, attempt, edited, errors, change, submit };
}
