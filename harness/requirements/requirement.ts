import type { TransportKind } from '../transport/engine-client.js';
import type { RpcName } from '../transport/rpc-names.js';

export type RequirementLevel = 'MUST' | 'SHOULD';

export const AREAS = [
  'discovery',
  'workflow',
  'lifecycle',
  'stream',
  'fork',
  'pause',
  'errors',
  'auth',
  'idempotency',
  'input',
  'interrupt',
  'artifact',
  'webhook',
  'audit',
  'rest',
  'parity',
] as const;
export type Area = (typeof AREAS)[number];

/**
 * A capability gate, as data: the requirement applies only when the advertised discovery document
 * satisfies every condition. `path` is a dotted path from the document root (RFC 0073 families).
 */
export type CapabilityCondition = FlagCondition | MemberCondition;

export interface FlagCondition {
  path: string;
  /**
   * present: any value; true: the boolean true; nonEmptyArray: an array with at least one item;
   * notFalse: anything but an explicit `false` (for features the spec makes core, which an engine
   * may still declare unsupported).
   */
  test: 'present' | 'true' | 'nonEmptyArray' | 'notFalse';
}

/**
 * A member of an advertised list (a drain policy, a fork mode, a stream mode): the requirement is
 * about that option, so it applies only when the list names it. `unlisted: 'applies'` is for lists
 * the spec makes optional (e.g. `runs.pauseResume.drainPolicies`): an engine that advertises no
 * list at all is held to every option, and only a list that leaves the value out exempts it.
 */
export interface MemberCondition {
  path: string;
  test: 'includes';
  value: string;
  unlisted?: 'applies' | 'inapplicable';
}

/** One testable requirement. Ids are stable: renaming one breaks users' baselines and badges. */
export interface Requirement {
  /** `<area>.<kebab-name>`, e.g. `lifecycle.noop-completes`. */
  id: string;
  title: string;
  level: RequirementLevel;
  area: Area;
  rpcs: RpcName[];
  /** Where the obligation comes from, e.g. `rest-endpoints.md §getRun`. */
  specRef: string;
  /** Conditions on the discovery document; absent means the requirement always applies. */
  gate?: CapabilityCondition[];
  /**
   * Conditions that hold only over one transport, e.g. a REST body limit that exists only when the
   * engine advertises it (grpc-js has a default receive limit; HTTP has none). Checked after `gate`.
   */
  transportGate?: Partial<Record<TransportKind, CapabilityCondition[]>>;
  /** Fixture workflows that must be listed in `fixtures[]` for the requirement to apply. */
  fixtures?: string[];
  /** Why the check is lenient where the spec is silent or contradicts itself. */
  leniency?: string;
  /**
   * The transports the requirement is about (e.g. gRPC trailers); absent means every transport.
   * On another transport the requirement is inapplicable, saying so.
   */
  transports?: TransportKind[];
  /**
   * Judges stream modes or buffering, which a stream carries but the REST poll endpoint does not
   * (runs-events-digest §4: poll takes only lastSequence and timeout): inapplicable when the suite
   * reads events by polling (`--rest-events poll`), saying so.
   */
  needsStreamModes?: boolean;
  /**
   * Part of the core every verdict needs: when a core requirement cannot apply (its fixture or
   * capability is not advertised) the verdict is `incomplete`, naming what the engine must provide.
   */
  core?: boolean;
  /**
   * Credentials the suite must hold for the requirement to apply: `token` (--token, a key with every
   * scope), `limited-token` (--limited-token, a valid key without the run scopes) and
   * `other-tenant-token` (--other-tenant-token, a key with every scope in another tenant). Without them the
   * requirement is inapplicable, saying which flag is missing.
   */
  credentials?: SuiteCredential[];
  /**
   * Cross-surface requirements (the parity area): they compare the engine over two surfaces, so
   * they apply only when the suite reaches a second one (--rest, --grpc, or an advertised
   * `grpc.endpoint`); otherwise inapplicable, saying how to give it one.
   */
  needsPeer?: boolean;
  /**
   * How the check shares the engine with others under `--jobs` > 1; absent: its area's default
   * (harness/runner/check-isolation.ts), usually independent.
   */
  isolation?: CheckIsolation;
}

/**
 * `exclusive`: nothing else runs while the check does (it reads engine-wide state, e.g. the audit
 * log, or counts what the engine did). `resources`: checks naming the same key never overlap
 * (e.g. one webhook receiver port). Neither: the check may run beside any other.
 */
export interface CheckIsolation {
  exclusive?: boolean;
  resources?: readonly string[];
}

export type SuiteCredential = 'token' | 'limited-token' | 'other-tenant-token';

export const REQUIREMENT_ID_PATTERN = /^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$/;
