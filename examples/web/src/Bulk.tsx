import { useMutation, useQuery } from '@apollo/client/react';
import { useCallback, useMemo, useState } from 'react';
import {
  MessageBatchesDocument,
  SendBulkAdminMessageDocument,
  type RecipientType,
} from '../../../generated/graphql/graphql';
import { BatchProgress } from './BatchProgress';
import {
  AdminMessageFields,
  adminMessageContent,
  Field,
  NEW_ADMIN_MESSAGE,
  type AdminMessageDraft,
} from './fields';
import { useIdempotentSend } from './idempotent-send';
import { parseRecipients, recipientErrors } from './recipient-list';
import { hrefOf } from './routes';
import { SendStatus } from './SendStatus';

/**
 * The users the gateway's Intercom emulator starts with (`npm run web`), one in each pasted
 * form; Bartleby takes no emails, so an email to this list shows a failure.
 */
const EMULATOR_USERS = [
  'winstonsmith@truth.org',
  'user:26',
  '5989303470da497b1babb9ef',
  'socrates@email.com',
  'no-emails-please@example.com',
].join('\n');

const RECENT_BATCHES = 5;

/** One admin message to many contacts, pasted one a line; then the batch's progress. */
export function Bulk(props: { readonly batchId: string | null }) {
  const recent = useQuery(MessageBatchesDocument, {
    variables: { first: RECENT_BATCHES },
    fetchPolicy: 'network-only',
  });
  return (
    <section className="bulk">
      <BulkForm />
      <div className="batches">
        {props.batchId ? <BatchProgress key={props.batchId} batchId={props.batchId} /> : null}
        {recent.data && recent.data.messageBatches.edges.length > 0 ? (
          <section className="card recent" aria-label="Recent bulk sends">
            <h2>Recent bulk sends</h2>
            <ul>
              {recent.data.messageBatches.edges.map(({ node }) => (
                <li key={node.id}>
                  <a
                    href={hrefOf({ page: 'bulk', batchId: node.id })}
                    aria-current={node.id === props.batchId}
                  >
                    {new Date(node.createdAt).toLocaleString()}
                  </a>{' '}
                  <span className={`badge ${node.state.toLowerCase()}`}>{node.state}</span>{' '}
                  {node.counts.sent} of {node.counts.total} sent
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </section>
  );
}

function BulkForm() {
  const [message, setMessage] = useState<AdminMessageDraft>(NEW_ADMIN_MESSAGE);
  const [recipientType, setRecipientType] = useState<RecipientType>('USER');
  const [pasted, setPasted] = useState('');
  const { recipients, lines } = useMemo(
    () => parseRecipients(pasted, recipientType),
    [pasted, recipientType],
  );
  // A new batch heads the recent ones; their states and counts follow the batch watched (the cache
  // holds one MessageBatch per id, whichever answer brought it).
  const [sendBulk] = useMutation(SendBulkAdminMessageDocument, {
    refetchQueries: [MessageBatchesDocument],
  });

  const send = useCallback(
    async (idempotencyKey: string) => {
      const { data } = await sendBulk({
        variables: { input: { ...adminMessageContent(message), recipients, idempotencyKey } },
      });
      if (!data) throw new Error('The gateway answered no data.');
      const batch = data.sendBulkAdminMessage;
      // The batch's page: its progress shows below, and survives a reload.
      window.location.hash = hrefOf({ page: 'bulk', batchId: batch.id });
      return batch;
    },
    [sendBulk, message, recipients],
  );
  const { state, attempt, errors, change, submit } = useIdempotentSend(send);

  return (
    <form className="card" aria-label="Bulk message" onSubmit={submit}>
      <h2>One admin message to many contacts</h2>
      <AdminMessageFields value={message} onChange={change(setMessage)} errors={errors}>
        <Field label="Recipients are" name="recipientType">
          <select
            value={recipientType}
            onChange={(event) => change(setRecipientType)(event.target.value as RecipientType)}
          >
            <option value="USER">Users</option>
            <option value="LEAD">Leads</option>
          </select>
        </Field>
        <Field
          label="Recipients, one a line"
          name="input.recipients"
          error={recipientErrors(errors, lines)}
        >
          <textarea
            className="recipients"
            aria-describedby="recipients-help"
            spellCheck={false}
            value={pasted}
            onChange={(event) => change(setPasted)(event.target.value)}
          />
        </Field>
        <p id="recipients-help" className="help">
          An email, <code>user:</code> and your own id for the contact, or its Intercom id.{' '}
          {recipients.length === 1 ? '1 recipient.' : `${recipients.length} recipients.`}{' '}
          <button type="button" className="link" onClick={() => change(setPasted)(EMULATOR_USERS)}>
            Fill in the emulator’s users
          </button>
        </p>
      </AdminMessageFields>
      <button type="submit" disabled={state.status === 'sending'}>
        Send to all
      </button>
      <SendStatus
        state={state}
        onRetry={() => void attempt()}
        describeSent={(batch) =>
          `Queued: batch ${batch.id}, ${batch.counts.total} recipients (each once).`
        }
      />
    </form>
  );
}
