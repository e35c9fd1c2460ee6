import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useCallback, useState, type FormEvent } from 'react';
import {
  ConversationDocument,
  ConversationForMessageDocument,
  ConversationStartedDocument,
  ConversationUpdatedDocument,
  ReplyToConversationDocument,
  SentMessageDocument,
  type ContactInput,
  type SenderType,
  type SentMessageFieldsFragment,
} from '../../../generated/graphql/graphql';
import { describeProblem } from './errors';
import { Field } from './fields';
import { useIdempotentSend } from './idempotent-send';
import { SendStatus } from './SendStatus';

/** The contact a sent message went to (admin messages) or came from (user messages). */
function contactOf(entry: SentMessageFieldsFragment): ContactInput | null {
  const party = entry.kind === 'ADMIN_MESSAGE' ? entry.to : entry.from;
  if (!party) return null;
  const type = party.type as SenderType;
  if (party.id) return { type, id: party.id };
  if (party.userId) return { type, userId: party.userId };
  return party.email ? { type, email: party.email } : null;
}

/**
 * One sent message's conversation: found at once when the contact has replied, or opened live
 * (subscription) when they do; then its parts, kept current, and a reply box.
 */
export function ConversationView({ messageId }: { readonly messageId: string }) {
  const sent = useQuery(SentMessageDocument, { variables: { id: messageId } });
  const found = useQuery(ConversationForMessageDocument, { variables: { messageId } });
  const [startedId, setStartedId] = useState<string | null>(null);
  const entry = sent.data?.message ?? null;
  const contact = entry ? contactOf(entry) : null;
  const conversationId = found.data?.conversationForMessage?.id ?? startedId;

  const started = useSubscription(ConversationStartedDocument, {
    variables: { messageId, contact: contact as ContactInput },
    skip: !contact || found.loading || conversationId !== null,
    onData: ({ data }) => setStartedId(data.data?.conversationStarted.id ?? null),
  });

  const problem = sent.error ?? found.error ?? started.error;
  return (
    <section className="card conversation">
      <h2>Conversation of message {messageId}</h2>
      {entry ? (
        <p className="source">
          <strong>{entry.subject ?? 'Message'}:</strong> {entry.body ?? '(body not kept)'}
        </p>
      ) : null}
      {problem ? (
        <p className="status problem" role="alert">
          {describeProblem(problem).message}
        </p>
      ) : null}
      {conversationId ? (
        <OpenConversation
          conversationId={conversationId}
          defaultAdminId={entry?.kind === 'ADMIN_MESSAGE' ? (entry.from.id ?? '') : ''}
        />
      ) : !problem && !found.loading ? (
        <p className="status waiting" role="status">
          Waiting for the contact to reply… the conversation opens here when they do.
        </p>
      ) : null}
    </section>
  );
}

function OpenConversation(props: {
  readonly conversationId: string;
  readonly defaultAdminId: string;
}) {
  const { conversationId } = props;
  const conversation = useQuery(ConversationDocument, {
    variables: { id: conversationId, last: 50 },
    fetchPolicy: 'network-only',
  });
  // Anyone's reply (this tab's, another tab's, the contact's) arrives as an update.
  useSubscription(ConversationUpdatedDocument, {
    variables: { conversationId },
    onData: () => void conversation.refetch(),
  });
  const [adminId, setAdminId] = useState(props.defaultAdminId);
  const [body, setBody] = useState('');
  const [reply] = useMutation(ReplyToConversationDocument);
  const send = useCallback(
    async (idempotencyKey: string) => {
      const { data } = await reply({
        variables: {
          input: { conversationId, admin: { id: adminId }, body, idempotencyKey },
        },
      });
      if (!data) throw new Error('The gateway answered no data.');
      setBody('');
      await conversation.refetch();
      return data.replyToConversation;
    },
    [reply, conversationId, adminId, body, conversation],
  );
  const { state, attempt, edited } = useIdempotentSend(send);
  const errors = state.status === 'failed' ? state.problem.fieldErrors : {};
  const parts = conversation.data?.conversation?.parts.edges ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void attempt();
  };

  return (
    <div className="open-conversation" data-conversation-id={conversationId}>
      <p className="status ok" role="status">
        Conversation {conversationId} is{' '}
        {conversation.data?.conversation?.state.toLowerCase() ?? 'open'}.
      </p>
      <ol className="parts" aria-label="Conversation parts">
        {parts.map(({ node }) => (
          <li key={node.id} className={`part ${node.author?.type ?? ''}`}>
            <span className="author">
              {node.author?.name ?? node.author?.type ?? 'someone'} ({node.partType})
            </span>
            <span className="part-body">{node.body}</span>
          </li>
        ))}
      </ol>
      <form aria-label="Reply" onSubmit={submit}>
        <Field label="As admin id" name="input.admin.id" error={errors['input.admin.id']}>
          <input
            value={adminId}
            onChange={(event) => {
              setAdminId(event.target.value);
              edited();
            }}
          />
        </Field>
        <Field label="Reply" name="input.body" error={errors['input.body']}>
          <textarea
            value={body}
            onChange={(event) => {
              setBody(event.target.value);
              edited();
            }}
          />
        </Field>
        <button type="submit" disabled={state.status === 'sending'}>
          Send reply
        </button>
        <SendStatus
          state={state}
          onRetry={() => void attempt()}
          describeSent={() => 'Reply sent.'}
        />
      </form>
    </div>
  );
}
