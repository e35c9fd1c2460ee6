import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import {
  CancelMessageBatchDocument,
  MessageBatchProgressDocument,
  MessageBatchRecipientsDocument,
  PauseMessageBatchDocument,
  ResumeMessageBatchDocument,
  type BatchMessageFieldsFragment,
  type MessageBatchFieldsFragment,
  type MessageState,
} from '../../../generated/graphql/graphql';
import { describeProblem } from './errors';

const PAGE_SIZE = 20;

/** What each of the gateway's codes for a recipient means for the person sending. */
const REASONS: Record<string, string> = {
  RECIPIENT_UNSUBSCRIBED: 'The contact unsubscribed from emails.',
  NOT_FOUND: 'Intercom has no such contact.',
  BAD_USER_INPUT: 'Intercom refused this recipient or message.',
  UPSTREAM_REJECTED: 'Intercom refused the message.',
  UPSTREAM_AUTH_FAILED: 'Intercom refused the gateway’s access token.',
  RATE_LIMITED: 'Intercom’s rate limit refused it.',
  UPSTREAM_TIMEOUT: 'Intercom did not answer in time: it may have the message. Check there.',
  UPSTREAM_UNAVAILABLE: 'Intercom failed while answering: it may have the message. Check there.',
  UPSTREAM_BAD_RESPONSE: 'Intercom’s answer was unreadable: it may have the message. Check there.',
  ABANDONED: 'The gateway stopped while sending it: it may have reached Intercom. Check there.',
  INTERNAL_SERVER_ERROR: 'The gateway failed while sending it: it may have reached Intercom.',
};

/** Why a recipient was not sent: in words, then the gateway's code and Intercom's own. */
function Reason(props: { readonly of: BatchMessageFieldsFragment }) {
  const { errorCode, intercomErrorCode } = props.of;
  return (
    <>
      {errorCode ? REASONS[errorCode] : null}
      <small className="codes">
        <code>{errorCode}</code>
        {intercomErrorCode ? (
          <>
            {' '}
            Intercom: <code>{intercomErrorCode}</code>
          </>
        ) : null}
      </small>
    </>
  );
}

const FINISHED = new Set(['COMPLETED', 'CANCELLED']);

const recipientLabel = (to: BatchMessageFieldsFragment['to']): string =>
  to.email ?? (to.userId ? `user:${to.userId}` : (to.id ?? '—'));

/**
 * A batch as it goes: `messageBatchProgress` tells its counts (at most twice a second) and its
 * state until it is finished; the controls act on it, and its recipients are listed by outcome.
 */
export function BatchProgress(props: { readonly batchId: string }) {
  const { batchId } = props;
  const [batch, setBatch] = useState<MessageBatchFieldsFragment | null>(null);
  const progress = useSubscription(MessageBatchProgressDocument, {
    variables: { id: batchId },
    onData: ({ data }) => {
      if (data.data) setBatch(data.data.messageBatchProgress);
    },
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [pause, paused] = useMutation(PauseMessageBatchDocument);
  const [resume, resumed] = useMutation(ResumeMessageBatchDocument);
  const [cancel, cancelled] = useMutation(CancelMessageBatchDocument);
  const acting = paused.loading || resumed.loading || cancelled.loading;
  const act = async (control: () => Promise<MessageBatchFieldsFragment | undefined>) => {
    setProblem(null);
    try {
      const next = await control();
      if (next) setBatch(next);
    } catch (error) {
      setProblem(describeProblem(error).message);
    }
  };
  const variables = { variables: { id: batchId } };

  if (progress.error && !batch) {
    return (
      <section className="card batch" aria-label="Batch">
        <p className="status problem" role="alert">
          {describeProblem(progress.error).message}
        </p>
      </section>
    );
  }
  if (!batch) {
    return (
      <section className="card batch" aria-label="Batch">
        <p className="status">Loading the batch…</p>
      </section>
    );
  }

  const { counts, state } = batch;
  const done = counts.sent + counts.failed + counts.unknown;
  // Rounded down: 100% only once every recipient has its outcome.
  const percent = counts.total > 0 ? Math.floor((done * 100) / counts.total) : 100;
  const open = !FINISHED.has(state);
  return (
    <section className="card batch" aria-label="Batch" data-batch-id={batch.id}>
      <h2>
        Batch <code>{batch.id}</code>{' '}
        <span className={`badge ${state.toLowerCase()}`} data-testid="batch-state">
          {state}
        </span>
      </h2>
      <div
        className="progress"
        role="progressbar"
        aria-label="Recipients done"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${done} of ${counts.total} recipients done`}
      >
        <div className="bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="status" role="status" aria-live="polite">
        {percent}% — {done} of {counts.total} done: {counts.sent} sent, {counts.failed} failed,{' '}
        {counts.unknown} unknown, {counts.pending} pending.{' '}
        {state === 'COMPLETED' ? 'Completed.' : null}
        {state === 'CANCELLED' ? 'Cancelled: the pending recipients are never sent.' : null}
        {state === 'PAUSED' ? 'Paused.' : null}
      </p>
      {open ? (
        <div className="row">
          {state === 'PAUSED' ? (
            <button
              type="button"
              disabled={acting}
              onClick={() =>
                void act(async () => (await resume(variables)).data?.resumeMessageBatch)
              }
            >
              Resume
            </button>
          ) : (
            <button
              type="button"
              disabled={acting}
              onClick={() => void act(async () => (await pause(variables)).data?.pauseMessageBatch)}
            >
              Pause
            </button>
          )}
          <button
            type="button"
            disabled={acting}
            onClick={() => void act(async () => (await cancel(variables)).data?.cancelMessageBatch)}
          >
            Cancel
          </button>
        </div>
      ) : null}
      {problem ? (
        <p className="status problem" role="alert">
          {problem}
        </p>
      ) : null}
      <BatchRecipients batch={batch} />
    </section>
  );
}

const COUNT_OF: Record<MessageState, keyof MessageBatchFieldsFragment['counts']> = {
  SENT: 'sent',
  FAILED: 'failed',
  UNKNOWN: 'unknown',
  PENDING: 'pending',
};

/** The batch's recipients in one state (failures first), a page at a time. */
function BatchRecipients(props: { readonly batch: MessageBatchFieldsFragment }) {
  const { batch } = props;
  const [state, setState] = useState<MessageState>('FAILED');
  // The cursors of the pages before this one, to go back.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const { data, error, refetch } = useQuery(MessageBatchRecipientsDocument, {
    variables: { id: batch.id, state, first: PAGE_SIZE, after },
    fetchPolicy: 'network-only',
  });
  // Recipients reach this state as the batch goes: the list follows its count (another state
  // is another query already).
  const count = batch.counts[COUNT_OF[state]];
  const followed = useRef({ state, count });
  useEffect(() => {
    const last = followed.current;
    followed.current = { state, count };
    if (last.state === state && last.count !== count) void refetch();
  }, [state, count, refetch]);
  const page = data?.messageBatch?.messages;

  return (
    <div className="batch-recipients">
      <div className="row">
        <label>
          Recipients
          <select
            value={state}
            onChange={(event) => {
              setState(event.target.value as MessageState);
              setCursors([null]);
            }}
          >
            <option value="FAILED">Failed ({batch.counts.failed})</option>
            <option value="UNKNOWN">Unknown ({batch.counts.unknown})</option>
            <option value="PENDING">Pending ({batch.counts.pending})</option>
            <option value="SENT">Sent ({batch.counts.sent})</option>
          </select>
        </label>
      </div>
      {error ? (
        <p className="status problem" role="alert">
          {describeProblem(error).message}
        </p>
      ) : null}
      {page && page.edges.length === 0 ? <p className="status">None.</p> : null}
      {page && page.edges.length > 0 ? (
        <table aria-label={`${state} recipients`}>
          <thead>
            <tr>
              <th>#</th>
              <th>Recipient</th>
              <th>Outcome</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {page.edges.map(({ node }) => (
              <tr key={node.position} data-position={node.position}>
                <td>{node.position + 1}</td>
                <td>
                  {recipientLabel(node.to)} <small>{node.to.type}</small>
                </td>
                <td>
                  <span className={`badge ${node.state.toLowerCase()}`}>{node.state}</span>
                </td>
                <td>{node.errorCode ? <Reason of={node} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {page && (cursors.length > 1 || page.pageInfo.hasNextPage) ? (
        <div className="row">
          <button
            type="button"
            disabled={cursors.length < 2}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Previous
          </button>
          <button
            type="button"
            disabled={!page.pageInfo.hasNextPage}
            onClick={() => setCursors([...cursors, page.pageInfo.endCursor ?? null])}
          >
            Next
          </button>
        </div>
      ) : null}
    </div>
  );
}
