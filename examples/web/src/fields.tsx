import type { ReactNode } from 'react';

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
