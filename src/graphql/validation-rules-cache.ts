import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type RulesLookup = (
  target: unknown,
  schema: string | undefined,
  always: boolean,
  strictGroups: boolean,
  groups?: string[],
) => ValidationMetadata[];

type Grouping = (rules: ValidationMetadata[]) => Record<string, ValidationMetadata[]>;

/**
 * class-validator finds a class's rules anew on every validate call, and for every nested
 * object: it filters the class's rules, walks every registered class to find its ancestors, and
 * groups the result by property. On a send that lookup costs more than the rules it finds. A
 * class's rules change only when a decorator registers one, which happens as modules load;
 * so the rules of a class (and of a nested object's class under its parent's name, as the
 * library looks them up) are kept until the next registration, which forgets them all. The
 * classes and names are the schema's own, never a client's.
 *
 * Installed once on class-validator's global storage (the one its decorators write to);
 * lookups with groups or `always` go the library's own way every time.
 */
export function cacheValidationRules(): void {
  const storage = getMetadataStorage() as unknown as {
    getTargetValidationMetadatas: RulesLookup;
    groupByPropertyName: Grouping;
    addValidationMetadata(metadata: ValidationMetadata): void;
    rulesCached?: true;
  };
  if (storage.rulesCached) return;
  storage.rulesCached = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const register = storage.addValidationMetadata.bind(storage);
  // By class, then by schema name: a nested object is looked up under its parent's class name.
  let rulesOf = new Map<unknown, Map<string | undefined, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();

  storage.addValidationMetadata = (metadata) => {
    rulesOf = new Map();
    grouped = new WeakMap();
    register(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (always || strictGroups || (groups !== undefined && groups.length > 0))
      return lookup(target, schema, always, strictGroups, groups);
    let bySchema = rulesOf.get(target);
    if (bySchema === undefined) rulesOf.set(target, (bySchema = new Map()));
    let rules = bySchema.get(schema);
    if (rules === undefined) {
      rules = lookup(target, schema, always, strictGroups, groups);
      // Shared by every call: nobody may change it.
      Object.freeze(rules);
      bySchema.set(schema, rules);
    }
    return rules;
  };
  storage.groupByPropertyName = (rules) => {
    let byProperty = grouped.get(rules);
    if (byProperty === undefined) {
      byProperty = group(rules);
      if (Object.isFrozen(rules)) grouped.set(rules, byProperty);
    }
    return byProperty;
  };
}
