import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import {
  SentMessagesDocument,
  type MessageState,
  type SentMessageFieldsFragment,
  type SentMessageKind,
} from '../../../generated/graphql/graphql';
import { describeProblem } from './errors';
import { hrefOf } from './routes';

const PAGE_SIZE = 10;

const partyLabel = (party: SentMessageFieldsFragment['from'] | null | undefined): string =>
  party ? `${party.type} ${party.id ?? party.userId ?? party.email ?? ''}`.trim() : '—';

/** What the gateway sent, from its ledger: newest first, a page at a time, filtered. */
export function History() {
  const [state, setState] = useState<MessageState | ''>('');
  const [kind, setKind] = useState<SentMessageKind | ''>('');
  const [contactId, setContactId] = useState('');
  // The cursors of the pages before this one, to go back.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const filter = {
    ...(state ? { state } : {}),
    ...(kind ? { kind } : {}),
    ...(contactId.trim() ? { contactId: contactId.trim() } : {}),
  };
  const { data, error, loading, refetch } = useQuery(SentMessagesDocument, {
    variables: { first: PAGE_SIZE, after, filter },
    fetchPolicy: 'network-only',
  });
  const refilter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setCursors([null]);
    };
  const page = data?.messages;

  return (
    <section className="card history">
      <h2>Sent messages</h2>
      <div className="row filters">
        <label>
          State
          <select
            value={state}
            onChange={(event) => refilter(setState)(event.target.value as MessageState | '')}
          >
            <option value="">Any</option>
            <option value="SENT">Sent</option>
            <option value="PENDING">Pending</option>
            <option value="FAILED">Failed</option>
            <option value="UNKNOWN">Unknown</option>
          </select>
        </label>
        <label>
          Kind
          <select
            value={kind}
            onChange={(event) => refilter(setKind)(event.target.value as SentMessageKind | '')}
          >
            <option value="">Any</option>
            <option value="ADMIN_MESSAGE">Admin message</option>
            <option value="USER_MESSAGE">User message</option>
            <option value="REPLY">Reply</option>
          </select>
        </label>
        <label>
          Contact id
          <input
            value={contactId}
            onChange={(event) => refilter(setContactId)(event.target.value)}
          />
        </label>
        <button type="button" onClick={() => void refetch()}>
          Refresh
        </button>
      </div>
      {error ? (
        <p className="status problem" role="alert">
          {describeProblem(error).message}
        </p>
      ) : null}
      {loading && !page ? <p className="status">Loading…</p> : null}
      {page && page.edges.length === 0 ? <p className="status">Nothing sent yet.</p> : null}
      {page && page.edges.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Kind</th>
              <th>State</th>
              <th>From</th>
              <th>To</th>
              <th>Message</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {page.edges.map(({ node }) => (
              <tr key={node.id} data-message-id={node.intercomMessageId ?? ''}>
                <td>{new Date(node.createdAt).toLocaleString()}</td>
                <td>{node.kind}</td>
                <td>
                  <span className={`badge ${node.state.toLowerCase()}`}>{node.state}</span>
                  {node.errorCode ? <small> {node.errorCode}</small> : null}
                </td>
                <td>{partyLabel(node.from)}</td>
                <td>{partyLabel(node.to)}</td>
                <td className="body">{node.subject ?? node.body ?? '(body not kept)'}</td>
                <td>
                  {node.kind !== 'REPLY' && node.state === 'SENT' && node.intercomMessageId ? (
                    <a href={hrefOf({ page: 'conversation', messageId: node.intercomMessageId })}>
                      Conversation
                    </a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="row">
        <button
          type="button"
          disabled={cursors.length < 2}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer
        </button>
        <button
          type="button"
          disabled={!page?.pageInfo.hasNextPage}
          onClick={() => setCursors([...cursors, page?.pageInfo.endCursor ?? null])}
        >
          Older
        </button>
      </div>
    </section>
  );
}
