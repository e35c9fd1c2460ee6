import type { ReactNode } from 'react';
import type { EmailTemplate, MessageType } from '../../../generated/graphql/graphql';

/** A labelled input with the gateway's sentence for it, when it refused the value. */
export function Field(props: {
  readonly label: string;
  readonly name: string;
  readonly error?: string | undefined;
  readonly children: ReactNode;
}) {
  const errorId = `${props.name}-error`;
  return (
    <div className={props.error ? 'field invalid' : 'field'} data-field={props.name}>
      <label>
        <span>{props.label}</span>
        {props.children}
      </label>
      {props.error ? (
        <p className="field-error" id={errorId} role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export type IdentifierKind = 'id' | 'userId' | 'email';

export const IDENTIFIER_LABELS: Record<IdentifierKind, string> = {
  id: 'Intercom id',
  userId: 'Your user id',
  email: 'Email',
};

const KINDS = Object.keys(IDENTIFIER_LABELS) as IdentifierKind[];

/** A contact being typed in: its type, which identifier names it, and that identifier. */
export interface ContactDraft<Type extends string> {
  readonly type: Type;
  readonly kind: IdentifierKind;
  readonly value: string;
}

/** A contact as the gateway takes it: a type and exactly one identifier. */
export function contactInput<Type extends string>(
  draft: ContactDraft<Type>,
): { type: Type; id?: string; userId?: string; email?: string } {
  return { type: draft.type, [draft.kind]: draft.value };
}

/**
 * A contact picker (type, identifier, value) with the gateway's sentence for it: about the
 * contact as a whole (`input.to`), its identifier (`input.to.email`) or its type.
 */
export function ContactField<Type extends string>(props: {
  readonly label: string;
  /** The input path, e.g. `input.to`. */
  readonly name: string;
  /** Names the controls for assistive technology (and tests): `Recipient`, `Sender`. */
  readonly role: string;
  readonly types: ReadonlyArray<readonly [Type, string]>;
  readonly value: ContactDraft<Type>;
  readonly onChange: (next: ContactDraft<Type>) => void;
  readonly errors: Readonly<Record<string, string>>;
}) {
  const { value, errors, name } = props;
  return (
    <Field
      label={props.label}
      name={name}
      error={errors[name] ?? errors[`${name}.${value.kind}`] ?? errors[`${name}.type`]}
    >
      <span className="row">
        <select
          aria-label={`${props.role} type`}
          value={value.type}
          onChange={(event) => props.onChange({ ...value, type: event.target.value as Type })}
        >
          {props.types.map(([type, label]) => (
            <option key={type} value={type}>
              {label}
            </option>
          ))}
        </select>
        <select
          aria-label={`${props.role} identifier`}
          value={value.kind}
          onChange={(event) =>
            props.onChange({ ...value, kind: event.target.value as IdentifierKind })
          }
        >
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {IDENTIFIER_LABELS[kind]}
            </option>
          ))}
        </select>
        <input
          aria-label={props.role}
          value={value.value}
          onChange={(event) => props.onChange({ ...value, value: event.target.value })}
        />
      </span>
    </Field>
  );
}

/** An admin message's content, as typed: the same for one recipient (Compose) or many (Bulk). */
export interface AdminMessageDraft {
  readonly messageType: MessageType;
  readonly subject: string;
  readonly template: EmailTemplate;
  readonly body: string;
  readonly fromId: string;
}

export const NEW_ADMIN_MESSAGE: AdminMessageDraft = {
  messageType: 'IN_APP',
  subject: '',
  template: 'PLAIN',
  body: '',
  fromId: '394051',
};

/** The draft as the gateway takes it: a subject and template only for an email (refused in-app). */
export function adminMessageContent(draft: AdminMessageDraft) {
  return {
    messageType: draft.messageType,
    ...(draft.messageType === 'EMAIL' ? { subject: draft.subject, template: draft.template } : {}),
    body: draft.body,
    from: { id: draft.fromId },
  };
}

/**
 * An admin message's fields (kind, sender, subject and template for an email, body) with the
 * gateway's sentences; `children` (who it goes to) come after the sender.
 */
export function AdminMessageFields(props: {
  readonly value: AdminMessageDraft;
  readonly onChange: (next: AdminMessageDraft) => void;
  readonly errors: Readonly<Record<string, string>>;
  readonly children?: ReactNode;
}) {
  const { value, errors } = props;
  const set = <K extends keyof AdminMessageDraft>(key: K, next: AdminMessageDraft[K]) =>
    props.onChange({ ...value, [key]: next });
  return (
    <>
      <Field label="Kind" name="input.messageType" error={errors['input.messageType']}>
        <select
          value={value.messageType}
          onChange={(event) => set('messageType', event.target.value as MessageType)}
        >
          <option value="IN_APP">In-app</option>
          <option value="EMAIL">Email</option>
        </select>
      </Field>
      <Field label="From admin id" name="input.from.id" error={errors['input.from.id']}>
        <input value={value.fromId} onChange={(event) => set('fromId', event.target.value)} />
      </Field>
      {props.children}
      {value.messageType === 'EMAIL' ? (
        <>
          <Field label="Subject" name="input.subject" error={errors['input.subject']}>
            <input value={value.subject} onChange={(event) => set('subject', event.target.value)} />
          </Field>
          <Field label="Template" name="input.template" error={errors['input.template']}>
            <select
              value={value.template}
              onChange={(event) => set('template', event.target.value as EmailTemplate)}
            >
              <option value="PLAIN">Plain</option>
              <option value="PERSONAL">Personal</option>
            </select>
          </Field>
        </>
      ) : null}
      <Field label="Message" name="input.body" error={errors['input.body']}>
        <textarea value={value.body} onChange={(event) => set('body', event.target.value)} />
      </Field>
    </>
  );
}
