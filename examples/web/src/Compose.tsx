import { useMutation } from '@apollo/client/react';
import { useCallback, useState, type FormEvent } from 'react';
import {
  SendAdminMessageDocument,
  SendUserMessageDocument,
  type EmailTemplate,
  type MessageType,
  type RecipientType,
  type SenderType,
} from '../../../generated/graphql/graphql';
import { contactInput, Field, IDENTIFIER_LABELS, type IdentifierKind } from './fields';
import { useIdempotentSend } from './idempotent-send';
import { hrefOf } from './routes';
import { SendStatus } from './SendStatus';

const KINDS = Object.keys(IDENTIFIER_LABELS) as IdentifierKind[];

function AdminMessageForm() {
  const [messageType, setMessageType] = useState<MessageType>('IN_APP');
  const [subject, setSubject] = useState('');
  const [template, setTemplate] = useState<EmailTemplate>('PLAIN');
  const [body, setBody] = useState('');
  const [fromId, setFromId] = useState('394051');
  const [toType, setToType] = useState<RecipientType>('USER');
  const [toKind, setToKind] = useState<IdentifierKind>('id');
  const [toValue, setToValue] = useState('');
  const [sendAdminMessage] = useMutation(SendAdminMessageDocument);

  const email = messageType === 'EMAIL';
  const send = useCallback(
    async (idempotencyKey: string) => {
      const { data } = await sendAdminMessage({
        variables: {
          input: {
            messageType,
            ...(email ? { subject, template } : {}),
            body,
            from: { id: fromId },
            to: contactInput(toType, toKind, toValue),
            idempotencyKey,
          },
        },
      });
      if (!data) throw new Error('The gateway answered no data.');
      return data.sendAdminMessage;
    },
    [
      sendAdminMessage,
      messageType,
      email,
      subject,
      template,
      body,
      fromId,
      toType,
      toKind,
      toValue,
    ],
  );
  const { state, attempt, edited } = useIdempotentSend(send);
  const errors = state.status === 'failed' ? state.problem.fieldErrors : {};
  const change =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      edited();
    };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void attempt();
  };

  return (
    <form className="card" aria-label="Admin message" onSubmit={submit}>
      <h2>From an admin</h2>
      <Field label="Kind" name="input.messageType" error={errors['input.messageType']}>
        <select
          value={messageType}
          onChange={(event) => change(setMessageType)(event.target.value as MessageType)}
        >
          <option value="IN_APP">In-app</option>
          <option value="EMAIL">Email</option>
        </select>
      </Field>
      <Field label="From admin id" name="input.from.id" error={errors['input.from.id']}>
        <input value={fromId} onChange={(event) => change(setFromId)(event.target.value)} />
      </Field>
      <Field
        label="To"
        name="input.to"
        error={errors['input.to'] ?? errors[`input.to.${toKind}`] ?? errors['input.to.type']}
      >
        <span className="row">
          <select
            aria-label="Recipient type"
            value={toType}
            onChange={(event) => change(setToType)(event.target.value as RecipientType)}
          >
            <option value="USER">User</option>
            <option value="LEAD">Lead</option>
          </select>
          <select
            aria-label="Recipient identifier"
            value={toKind}
            onChange={(event) => change(setToKind)(event.target.value as IdentifierKind)}
          >
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {IDENTIFIER_LABELS[kind]}
              </option>
            ))}
          </select>
          <input
            aria-label="Recipient"
            value={toValue}
            onChange={(event) => change(setToValue)(event.target.value)}
          />
        </span>
      </Field>
      {email ? (
        <>
          <Field label="Subject" name="input.subject" error={errors['input.subject']}>
            <input value={subject} onChange={(event) => change(setSubject)(event.target.value)} />
          </Field>
          <Field label="Template" name="input.template" error={errors['input.template']}>
            <select
              value={template}
              onChange={(event) => change(setTemplate)(event.target.value as EmailTemplate)}
            >
              <option value="PLAIN">Plain</option>
              <option value="PERSONAL">Personal</option>
            </select>
          </Field>
        </>
      ) : null}
      <Field label="Message" name="input.body" error={errors['input.body']}>
        <textarea value={body} onChange={(event) => change(setBody)(event.target.value)} />
      </Field>
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
  const [fromType, setFromType] = useState<SenderType>('USER');
  const [fromKind, setFromKind] = useState<IdentifierKind>('id');
  const [fromValue, setFromValue] = useState('');
  const [body, setBody] = useState('');
  const [sendUserMessage] = useMutation(SendUserMessageDocument);
  const send = useCallback(
    async (idempotencyKey: string) => {
      const { data } = await sendUserMessage({
        variables: {
          input: { from: contactInput(fromType, fromKind, fromValue), body, idempotencyKey },
        },
      });
      if (!data) throw new Error('The gateway answered no data.');
      return data.sendUserMessage;
    },
    [sendUserMessage, fromType, fromKind, fromValue, body],
  );
  const { state, attempt, edited } = useIdempotentSend(send);
  const errors = state.status === 'failed' ? state.problem.fieldErrors : {};
  const change =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      edited();
    };
  return (
    <form
      className="card"
      aria-label="User message"
      onSubmit={(event) => {
        event.preventDefault();
        void attempt();
      }}
    >
      <h2>From a user, lead or visitor</h2>
      <Field
        label="From"
        name="input.from"
        error={
          errors['input.from'] ?? errors[`input.from.${fromKind}`] ?? errors['input.from.type']
        }
      >
        <span className="row">
          <select
            aria-label="Sender type"
            value={fromType}
            onChange={(event) => change(setFromType)(event.target.value as SenderType)}
          >
            <option value="USER">User</option>
            <option value="LEAD">Lead</option>
            <option value="VISITOR">Visitor</option>
          </select>
          <select
            aria-label="Sender identifier"
            value={fromKind}
            onChange={(event) => change(setFromKind)(event.target.value as IdentifierKind)}
          >
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {IDENTIFIER_LABELS[kind]}
              </option>
            ))}
          </select>
          <input
            aria-label="Sender"
            value={fromValue}
            onChange={(event) => change(setFromValue)(event.target.value)}
          />
        </span>
      </Field>
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
