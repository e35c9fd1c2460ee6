import { useMutation } from '@apollo/client/react';
import { useCallback, useState } from 'react';
import {
  SendAdminMessageDocument,
  SendUserMessageDocument,
  type RecipientType,
  type SenderType,
} from '../../../generated/graphql/graphql';
import {
  AdminMessageFields,
  adminMessageContent,
  ContactField,
  contactInput,
  Field,
  NEW_ADMIN_MESSAGE,
  type AdminMessageDraft,
  type ContactDraft,
} from './fields';
import { useIdempotentSend } from './idempotent-send';
import { hrefOf } from './routes';
import { SendStatus } from './SendStatus';

const RECIPIENT_TYPES = [
  ['USER', 'User'],
  ['LEAD', 'Lead'],
] as const satisfies ReadonlyArray<readonly [RecipientType, string]>;
const SENDER_TYPES = [
  ['USER', 'User'],
  ['LEAD', 'Lead'],
  ['VISITOR', 'Visitor'],
] as const satisfies ReadonlyArray<readonly [SenderType, string]>;

function AdminMessageForm() {
  const [message, setMessage] = useState<AdminMessageDraft>(NEW_ADMIN_MESSAGE);
  const [to, setTo] = useState<ContactDraft<RecipientType>>({
    type: 'USER',
    kind: 'id',
    value: '',
  });
  const [sendAdminMessage] = useMutation(SendAdminMessageDocument);

  const send = useCallback(
    async (idempotencyKey: string) => {
      const { data } = await sendAdminMessage({
        variables: {
          input: { ...adminMessageContent(message), to: contactInput(to), idempotencyKey },
        },
      });
      if (!data) throw new Error('The gateway answered no data.');
      return data.sendAdminMessage;
    },
    [sendAdminMessage, message, to],
  );
  const { state, attempt, errors, change, submit } = useIdempotentSend(send);

  return (
    <form className="card" aria-label="Admin message" onSubmit={submit}>
      <h2>From an admin</h2>
      <AdminMessageFields value={message} onChange={change(setMessage)} errors={errors}>
        <ContactField
          label="To"
          name="input.to"
          role="Recipient"
          types={RECIPIENT_TYPES}
          value={to}
          onChange={change(setTo)}
          errors={errors}
        />
      </AdminMessageFields>
      <button type="submit" disabled={state.status === 'sending'}>
        Send admin message
      </button>
      <SendStatus
        state={state}
        onRetry={() => void attempt()}
        describeSent={(sent) => `Sent: message ${sent.id} (${sent.state}).`}
      />
      {state.status === 'sent' ? (
        <a href={hrefOf({ page: 'conversation', messageId: state.result.id })}>
          Open its conversation
        </a>
      ) : null}
    </form>
  );
}

function UserMessageForm() {
  const [from, setFrom] = useState<ContactDraft<SenderType>>({
    type: 'USER',
    kind: 'id',
    value: '',
  });
  const [body, setBody] = useState('');
  const [sendUserMessage] = useMutation(SendUserMessageDocument);
  const send = useCallback(
    async (idempotencyKey: string) => {
      const { data } = await sendUserMessage({
        variables: {
          input: { from: contactInput(from), body, idempotencyKey },
        },
      });
      if (!data) throw new Error('The gateway answered no data.');
      return data.sendUserMessage;
    },
    [sendUserMessage, from, body],
  );
  const { state, attempt, errors, change, submit } = useIdempotentSend(send);
  return (
    <form className="card" aria-label="User message" onSubmit={submit}>
      <h2>From a user, lead or visitor</h2>
      <ContactField
        label="From"
        name="input.from"
        role="Sender"
        types={SENDER_TYPES}
        value={from}
        onChange={change(setFrom)}
        errors={errors}
      />
      <Field label="Message" name="input.body" error={errors['input.body']}>
        <textarea value={body} onChange={(event) => change(setBody)(event.target.value)} />
      </Field>
      <button type="submit" disabled={state.status === 'sending'}>
        Send user message
      </button>
      <SendStatus
        state={state}
        onRetry={() => void attempt()}
        describeSent={(sent) => `Sent: message ${sent.id} (${sent.state}).`}
      />
    </form>
  );
}

export function Compose() {
  return (
    <section className="compose">
      <AdminMessageForm />
      <UserMessageForm />
    </section>
  );
}
