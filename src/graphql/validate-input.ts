import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { Arg, ID } from 'type-graphql';
import { InputError, type FieldError } from '../domain-errors';
import { INTERCOM_ID_MAX_LENGTH, isIntercomId } from '../intercom/id-shapes';

function flatten(
  errors: readonly ValidationError[],
  path: string,
  into: FieldError[],
): FieldError[] {
  for (const error of errors) {
    const field = `${path}.${error.property}`;
    for (const [name, message] of Object.entries(error.constraints ?? {})) {
      const reportOnParent = (error.contexts?.[name] as { reportOnParent?: boolean } | undefined)
        ?.reportOnParent;
      into.push({ field: reportOnParent ? path : field, message });
    }
    if (error.children?.length) flatten(error.children, field, into);
  }
  return into;
}

/**
 * U+0000 in any string of an input: PostgreSQL refuses it in text (a send would reach Intercom,
 * then fail to be recorded), and no message, id or key needs it. One rule over every string of
 * every validated input, so a field added later is covered without a decorator of its own.
 */
function nulFieldErrors(value: unknown, path: string, name: string, into: FieldError[]): void {
  if (typeof value === 'string') {
    // A plain scan, linear in the length: no pattern runs here.
    if (value.includes('\u0000')) {
      into.push({ field: path, message: `${name} must not contain the NUL character (U+0000).` });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulFieldErrors(item, `${path}[${index}]`, name, into));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, field] of Object.entries(value)) {
      nulFieldErrors(field, `${path}.${key}`, key, into);
    }
  }
}

/**
 * Whether any string of `value` holds U+0000: the walk every request makes, without building a
 * path per field as the report of one does (NULs are rare; the report runs only then).
 */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  for (const key in value) {
    if (Object.hasOwn(value, key) && holdsNul((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

const VALIDATOR_OPTIONS: ValidatorOptions = {
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

/**
 * Runs the class-validator rules of an input argument and turns every violation into one
 * `{ field, message }` entry of a single InputError. Neither the input object nor the rejected
 * values are copied into the error.
 */
export function validatorFor(argName: string) {
  return (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const nul: FieldError[] = [];
    if (holdsNul(value)) nulFieldErrors(value, argName, argName, nul);
    // Every rule is synchronous: validateSync spares a promise per rule on the hot path.
    const errors = validateSync(value, VALIDATOR_OPTIONS);
    if (errors.length === 0 && nul.length === 0) return;
    // A field with a NUL is reported for that alone: its other rules would judge a broken value.
    const withNul = new Set(nul.map((error) => error.field));
    const others = flatten(errors, argName, []).filter((error) => !withNul.has(error.field));
    throw new InputError([...nul, ...others]);
  };
}

/** `@Arg` with the input's class-validator rules applied and errors addressed from `name`. */
export function ValidatedArg(
  name: string,
  type: () => abstract new () => object,
  options: { nullable?: boolean } = {},
) {
  return Arg(name, type, { ...options, validateFn: validatorFor(name) });
}

/** Refuses anything but an Intercom id's shape (before it can reach a URL), naming `name`. */
export function assertIntercomId(name: string, value: unknown): asserts value is string {
  const nul: FieldError[] = [];
  nulFieldErrors(value, name, name, nul);
  if (nul.length > 0) throw new InputError(nul);
  if (!isIntercomId(value)) {
    throw new InputError([
      {
        field: name,
        message: `${name} is not an Intercom id: 1-${INTERCOM_ID_MAX_LENGTH} letters, digits, _ or -.`,
      },
    ]);
  }
}

/** An `ID!` argument that holds an Intercom id (message, conversation). */
export function IntercomIdArg(name: string) {
  return Arg(name, () => ID, { validateFn: (value) => assertIntercomId(name, value) });
}
