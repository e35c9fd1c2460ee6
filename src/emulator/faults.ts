import { badParameter } from './errors';

/**
 * Fault knobs: per route, deterministic. A fault lets `skip` matching requests through, then
 * affects the next `times` of them (0: every one), and is then spent.
 */
export type FaultAction =
  /** Destroy the connection without answering. */
  | 'reset'
  /** Answer 200 with a body that is not JSON. */
  | 'malformed-json'
  /** Never answer at all. */
  | 'hang'
  /** Send the status line, headers and part of a body, then never finish. */
  | 'incomplete-body'
  /** Send the status line and headers, then the body a byte every 200 ms, never finishing. */
  | 'drip-body'
  /** Send `102 Processing` every 200 ms, never a final answer. */
  | 'drip-informational';

export interface FaultSpec {
  /** `METHOD /path` as the emulator names routes (`POST /messages`, `GET /conversations/:id`) or `*`. */
  route: string;
  /** Only requests whose raw body contains this text (e.g. `source.id`) match. */
  bodyContains?: string;
  skip?: number;
  times?: number;
  latencyMs?: number;
  status?: number;
  code?: string;
  message?: string;
  headers?: Record<string, string>;
  /** Answer `status` (default 200) with exactly this JSON body. */
  body?: unknown;
  action?: FaultAction;
  /** Carry out the request before failing (the side effect happens, the answer is lost). */
  handle?: boolean;
}

interface ActiveFault extends FaultSpec {
  seen: number;
  hits: number;
}

const ACTIONS = new Set<FaultAction>([
  'reset',
  'malformed-json',
  'hang',
  'incomplete-body',
  'drip-body',
  'drip-informational',
]);

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null) throw badParameter('A fault must be an object');
  const spec = input as Record<string, unknown>;
  if (typeof spec.route !== 'string' || spec.route.length === 0) {
    throw badParameter('route is required, e.g. "POST /messages"');
  }
  for (const key of ['skip', 'times', 'latencyMs'] as const) {
    if (spec[key] !== undefined && !isNonNegativeInteger(spec[key])) {
      throw badParameter(`${key} must be a non-negative integer`);
    }
  }
  if (
    spec.status !== undefined &&
    (!isNonNegativeInteger(spec.status) || spec.status < 200 || spec.status > 599)
  ) {
    throw badParameter('status must be an HTTP status');
  }
  if (spec.bodyContains !== undefined && typeof spec.bodyContains !== 'string') {
    throw badParameter('bodyContains must be a string');
  }
  if (spec.action !== undefined && !ACTIONS.has(spec.action as FaultAction)) {
    throw badParameter(`action must be one of ${[...ACTIONS].join(', ')}`);
  }
  return spec as unknown as FaultSpec;
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, seen: 0, hits: 0 });
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map(({ seen: _seen, hits: _hits, ...spec }) => spec);
  }

  /** The fault that applies to this request, if any; counts the request against every fault. */
  take(route: string, rawBody = ''): FaultSpec | undefined {
    let chosen: FaultSpec | undefined;
    for (const fault of this.faults) {
      if (fault.route !== route && fault.route !== '*') continue;
      if (fault.bodyContains !== undefined && !rawBody.includes(fault.bodyContains)) continue;
      fault.seen += 1;
      if (chosen || fault.seen <= (fault.skip ?? 0)) continue;
      fault.hits += 1;
      chosen = fault;
    }
    this.faults = this.faults.filter(
      (fault) => fault.times === 0 || fault.hits < (fault.times ?? 1),
    );
    return chosen;
  }
}
