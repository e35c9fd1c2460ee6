import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Intercom's own OpenAPI description (2.16, vendored in test/fixtures/intercom-openapi) as a
 * judge of the emulator's answers: each answer is validated against the response schema the
 * description gives for its operation and status.
 */
const SPEC_FILE = resolve(
  __dirname,
  '..',
  'fixtures',
  'intercom-openapi',
  'api.intercom.io.2.16.yaml',
);
const SPEC_ID = 'intercom-2.16.json';

interface Operation {
  readonly template: string;
  readonly method: string;
  readonly pattern: RegExp;
  readonly responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export type Verdict =
  | { readonly kind: 'valid'; readonly operation: string; readonly status: string }
  | {
      readonly kind: 'invalid';
      readonly operation: string;
      readonly status: string;
      readonly errors: string[];
    }
  | { readonly kind: 'undocumented'; readonly reason: string };

/**
 * OpenAPI 3.0's `nullable` in JSON Schema terms: `type: [t, 'null']`, or, beside `$ref`,
 * `allOf` and the like, "this or null". Applied once to the whole description.
 */
function withNullsAsJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullsAsJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = withNullsAsJsonSchema(value);
  if (!('nullable' in out)) return out;
  const { nullable, ...rest } = out;
  if (nullable !== true) return rest;
  if (typeof rest.type === 'string') {
    return {
      ...rest,
      type: [rest.type, 'null'],
      ...(Array.isArray(rest.enum) ? { enum: [...rest.enum, null] } : {}),
    };
  }
  return { anyOf: [rest, { type: 'null' }] };
}

const pointer = (...segments: string[]) =>
  segments.map((segment) => segment.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

class Conformance {
  private readonly ajv: Ajv;
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();
  /** Each (operation, status) judged, with how many answers it judged. */
  readonly tally = new Map<string, { valid: number; invalid: number }>();

  constructor() {
    const spec = parse(readFileSync(SPEC_FILE, 'utf8')) as {
      paths: Record<
        string,
        Record<string, Operation['responses'] | { responses: Operation['responses'] }>
      >;
    };
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    // Intercom's own format name for Unix seconds.
    this.ajv.addFormat('timestamp', { type: 'number', validate: () => true });
    this.ajv.addSchema(withNullsAsJsonSchema(spec) as object, SPEC_ID);
    for (const [template, methods] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const responses = (operation as { responses?: Operation['responses'] }).responses;
        if (!responses) continue;
        const pattern = new RegExp(
          `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
        );
        this.operations.push({ template, method: method.toUpperCase(), pattern, responses });
      }
    }
    // A literal path wins over a template that would also match it (/contacts/search).
    this.operations.sort(
      (a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0),
    );
  }

  judge(method: string, path: string, status: number, body: unknown): Verdict {
    const bare = path.split('?')[0] as string;
    const operation = this.operations.find(
      (candidate) => candidate.method === method && candidate.pattern.test(bare),
    );
    if (!operation) return { kind: 'undocumented', reason: `${method} ${bare}: no such operation` };
    const name = `${method} ${operation.template}`;
    const documented = operation.responses[String(status)] ? String(status) : undefined;
    if (documented === undefined) {
      return { kind: 'undocumented', reason: `${name}: status ${status} not described` };
    }
    if (!operation.responses[documented]?.content?.['application/json']?.schema) {
      return { kind: 'undocumented', reason: `${name} ${documented}: no JSON schema` };
    }
    const key = `${name} ${documented}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({
        $ref: `${SPEC_ID}#/${pointer('paths', operation.template, operation.method.toLowerCase(), 'responses', documented, 'content', 'application/json', 'schema')}`,
      });
      this.validators.set(key, validate);
    }
    const count = this.tally.get(key) ?? { valid: 0, invalid: 0 };
    this.tally.set(key, count);
    if (validate(body)) {
      count.valid += 1;
      return { kind: 'valid', operation: name, status: documented };
    }
    count.invalid += 1;
    const errors = (validate.errors ?? []).map(
      (error) =>
        `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
    );
    return { kind: 'invalid', operation: name, status: documented, errors };
  }
}

let shared: Conformance | undefined;

/** The judge, built once per test file (the description is large). */
export function conformance(): Conformance {
  shared ??= new Conformance();
  return shared;
}
