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

/** A contact as the gateway takes it: a type and exactly one identifier. */
export function contactInput<Type extends string>(
  type: Type,
  kind: IdentifierKind,
  value: string,
): { type: Type; id?: string; userId?: string; email?: string } {
  return { type, [kind]: value };
}
