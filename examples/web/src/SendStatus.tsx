import { useEffect, useState } from 'react';
import type { SendState } from './idempotent-send';

/** What became of a send, and the retry the gateway's answer allows. */
export function SendStatus<T>(props: {
  readonly state: SendState<T>;
  readonly describeSent: (result: T) => string;
  readonly onRetry: () => void;
}) {
  const { state } = props;
  const waitSeconds = state.status === 'failed' ? (state.problem.retryAfterSeconds ?? 0) : 0;
  const [secondsLeft, setSecondsLeft] = useState(waitSeconds);
  useEffect(() => {
    setSecondsLeft(waitSeconds);
    if (waitSeconds <= 0) return;
    const timer = setInterval(() => setSecondsLeft((left) => Math.max(0, left - 1)), 1000);
    return () => clearInterval(timer);
  }, [state, waitSeconds]);

  if (state.status === 'idle') return null;
  if (state.status === 'sending') return <p className="status">Sending…</p>;
  if (state.status === 'sent') {
    return (
      <p className="status ok" role="status">
        {props.describeSent(state.result)}
      </p>
    );
  }
  const { problem } = state;
  const onlyFieldErrors =
    problem.code === 'BAD_USER_INPUT' && Object.keys(problem.fieldErrors).length > 0;
  return (
    <div className="status problem" role="alert" data-code={problem.code}>
      <p>
        <strong>{onlyFieldErrors ? 'Some fields need a change.' : problem.message}</strong>{' '}
        <code>{problem.code}</code>
      </p>
      {problem.mayHaveBeenSent ? (
        <p>
          Intercom may have received this message. Retrying sends it at most once: the retry carries
          the same idempotency key.
        </p>
      ) : null}
      {state.retryable ? (
        <button type="button" onClick={props.onRetry} disabled={secondsLeft > 0}>
          {secondsLeft > 0 ? `Retry in ${secondsLeft} s` : 'Retry'}
        </button>
      ) : null}
    </div>
  );
}
