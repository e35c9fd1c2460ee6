import { dirname, join } from 'node:path';
import { GraphQLScalarType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/** An input type's class and its fields, as TypeGraphQL's metadata describes them. */
interface InputPlan {
  readonly target: new () => object;
  /** Derived on first use: a field's type may name a class defined after its own. */
  fields: readonly FieldPlan[] | undefined;
  readonly metadata: InputTypeMetadata;
}

interface FieldPlan {
  readonly name: string;
  readonly target: unknown;
  /** The field's own plan when its type is an input type. */
  readonly nested: InputPlan | undefined;
}

interface InputTypeMetadata {
  readonly target: new () => object;
  readonly fields?: ReadonlyArray<{ readonly name: string; getType(): unknown }>;
}

interface ArgMetadata {
  readonly name: string;
  getType(): unknown;
}

/** What TypeGraphQL passes through unconverted (its `simpleTypes`). */
const SIMPLE_TYPES: readonly unknown[] = [String, Boolean, Number, Date, Array, Promise];

/**
 * TypeGraphQL turns each `@Arg` input into instances of its classes (class-validator reads the
 * rules from them) on every call, and derives the input type's field list again each time: it
 * searches its metadata for every nested input type, walks superclasses and builds new
 * objects, which costs more than the conversion itself. The field lists change only while
 * decorators run, as modules load; here each is derived once, on a resolver's first call, and
 * the conversion is otherwise the library's own, step for step (`convertArgToInstance` in
 * `resolvers/convert-args.js`, `convertToType` in `helpers/types.js`).
 *
 * Installed once on the module the library's resolvers call it through. If that module is not
 * where this release keeps it, nothing is installed and the library converts as it always does.
 */
export function cacheArgumentConversion(): void {
  let convertArgs: { convertArgToInstance?: unknown; argumentConversionCached?: true };
  try {
    // The module registry's own require (Jest's under Jest): the instance the library calls.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file the package does not export
    convertArgs = require(
      join(dirname(require.resolve('type-graphql')), 'resolvers', 'convert-args.js'),
    ) as typeof convertArgs;
  } catch {
    return;
  }
  if (typeof convertArgs.convertArgToInstance !== 'function') return;
  if (convertArgs.argumentConversionCached) return;
  convertArgs.argumentConversionCached = true;
  const plans = new Map<unknown, InputPlan | null>();

  const inputTypeOf = (target: unknown): InputTypeMetadata | undefined =>
    (getMetadataStorage().inputTypes as unknown as InputTypeMetadata[]).find(
      (metadata) => metadata.target === target,
    );

  const planOf = (target: unknown): InputPlan | null => {
    let plan = plans.get(target);
    if (plan === undefined) {
      const metadata = inputTypeOf(target);
      plan = metadata ? { target: metadata.target, fields: undefined, metadata } : null;
      plans.set(target, plan);
    }
    return plan;
  };

  /** The class's own fields, then its input superclasses' that it does not redeclare. */
  const fieldsOf = (plan: InputPlan): readonly FieldPlan[] => {
    if (plan.fields) return plan.fields;
    let declared = [...(plan.metadata.fields ?? [])];
    let superClass = Object.getPrototypeOf(plan.target) as { prototype?: unknown };
    while (superClass.prototype !== undefined) {
      const inherited = inputTypeOf(superClass);
      if (inherited) {
        const names = new Set(declared.map((field) => field.name));
        declared = [...declared, ...(inherited.fields ?? []).filter((f) => !names.has(f.name))];
      }
      superClass = Object.getPrototypeOf(superClass) as { prototype?: unknown };
    }
    plan.fields = declared.map((field) => {
      const target = field.getType();
      return { name: field.name, target, nested: planOf(target) ?? undefined };
    });
    return plan.fields;
  };

  /**
   * For a class whose new instance holds nothing but undefined fields, those fields in the
   * order the constructor defines them (its superclasses' first); null for any other class.
   */
  const blankFields = new Map<unknown, readonly string[] | null>();
  const blankFieldsOf = (Class: new () => Record<string, unknown>): readonly string[] | null => {
    let fields = blankFields.get(Class);
    if (fields === undefined) {
      const probe = new Class();
      const keys = Object.keys(probe);
      fields = keys.every((key) => probe[key] === undefined) ? keys : null;
      blankFields.set(Class, fields);
    }
    return fields;
  };

  const toType = (Target: unknown, data: unknown): unknown => {
    if (data == null) return data;
    if (Target instanceof GraphQLScalarType) return data;
    if (SIMPLE_TYPES.includes((data as object).constructor)) return data;
    const Class = Target as new () => Record<string, unknown>;
    if (data instanceof Class) return data;
    if (Array.isArray(data)) return data.map((item: unknown) => toType(Target, item));
    // The library's result, its fields in the same order, without deleting the undefined ones
    // again: deletes leave the object in V8's slow dictionary mode, which every later read of
    // the input pays for. (Input classes are field declarations: no constructor of theirs does
    // more than define them.)
    const fields = blankFieldsOf(Class);
    if (fields !== null) {
      const instance = Object.create(Class.prototype) as Record<string, unknown>;
      for (const key of fields) if (key in (data as object)) instance[key] = undefined;
      return Object.assign(instance, data);
    }
    const instance = new Class();
    for (const key of Object.keys(instance)) {
      if (instance[key] === undefined && !(key in (data as object))) delete instance[key];
    }
    return Object.assign(instance, data);
  };

  const toInput = (plan: InputPlan, data: unknown): unknown => {
    if (data == null) return data;
    if (Array.isArray(data)) return data.map((item: unknown) => toInput(plan, item));
    const values: Record<string, unknown> = {};
    for (const field of fieldsOf(plan)) {
      const value = (data as Record<string, unknown>)[field.name];
      if (value === undefined) continue;
      if (value === null || !field.nested) values[field.name] = toType(field.target, value);
      else if (Array.isArray(value)) {
        const nested = field.nested;
        values[field.name] = value.map((item: unknown) => toInput(nested, item));
      } else values[field.name] = toInput(field.nested, value);
    }
    return toType(plan.target, values);
  };

  const toInstances = (target: unknown, value: unknown): unknown => {
    if (value == null) return value;
    if (Array.isArray(value)) return value.map((item: unknown) => toInstances(target, item));
    const plan = planOf(target);
    return plan ? toInput(plan, value) : toType(target, value);
  };

  convertArgs.convertArgToInstance = (argument: ArgMetadata, args: Record<string, unknown>) =>
    toInstances(argument.getType(), args[argument.name]);
}
