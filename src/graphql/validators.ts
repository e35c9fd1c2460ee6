import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { MessageType } from '../messages/message.model';

/**
 * The gateway's own class-validator rules, beside the built-in ones, so each input class keeps
 * its rules on its fields.
 */

function rule(
  name: string,
  validate: (value: unknown, args: ValidationArguments) => boolean,
  defaultMessage: string | ((args: ValidationArguments) => string),
  options?: ValidationOptions,
) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate,
        defaultMessage: typeof defaultMessage === 'string' ? () => defaultMessage : defaultMessage,
      },
    });
  };
}

/** A string with something besides white space in it. */
export const IsNotBlank = (what: string) =>
  rule(
    'isNotBlank',
    (value) => typeof value === 'string' && value.trim() !== '',
    `${what} must not be empty.`,
  );

const HTML_TAG = /<\/?[a-z][^>]*>/i;

/** Plain text: no HTML tag. */
export const IsPlainText = (what: string) =>
  rule(
    'isPlainText',
    (value) => typeof value !== 'string' || !HTML_TAG.test(value),
    `${what} is plain text: remove the HTML tags.`,
  );

/**
 * On a contact input's `type` field: the contact carries exactly one of `id`, `userId`, `email`.
 * The violation is reported on the contact object itself (`input.to`), not on `type`.
 */
export const IdentifiedByExactlyOne = () =>
  rule(
    'identifiedByExactlyOne',
    (_value, args) => {
      const contact = args.object as Record<string, unknown>;
      return ['id', 'userId', 'email'].filter((key) => contact[key] != null).length === 1;
    },
    'Give exactly one of id, userId or email.',
    { context: { reportOnParent: true } },
  );

/**
 * A field that emails need and in-app messages must not have (Intercom would silently ignore
 * it there, which surprises people): required and non-blank for EMAIL, absent for IN_APP.
 */
export const EmailOnly = (what: string, maxLength?: number) =>
  rule(
    'emailOnly',
    (value, args) => {
      const isEmail =
        (args.object as { messageType?: MessageType }).messageType === MessageType.EMAIL;
      if (!isEmail) return value == null;
      if (typeof value === 'string')
        return value.trim() !== '' && (maxLength === undefined || value.length <= maxLength);
      return value != null;
    },
    (args) => {
      const isEmail =
        (args.object as { messageType?: MessageType }).messageType === MessageType.EMAIL;
      if (!isEmail) return `Only emails have a ${what}: remove it for IN_APP messages.`;
      if (
        typeof args.value === 'string' &&
        maxLength !== undefined &&
        args.value.length > maxLength
      ) {
        return `The ${what} may be at most ${maxLength} characters.`;
      }
      return `An email needs a ${what}.`;
    },
  );
