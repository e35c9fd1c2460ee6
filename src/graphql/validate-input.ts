import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { Arg } from 'type-graphql';
import { InputError, type FieldError } from '../domain-errors';

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
    // Every rule is synchronous: validateSync spares a promise per rule on the hot path.
    const errors = validateSync(value, VALIDATOR_OPTIONS);
    if (errors.length > 0) throw new InputError(flatten(errors, argName, []));
  };
}

/** `@Arg` with the input's class-validator rules applied and errors addressed from `name`. */
export function ValidatedArg(name: string, type: () => abstract new () => object) {
  return Arg(name, type, { validateFn: validatorFor(name) });
}
