import type { JsonObject, JsonValue } from '../support/json.js';
import { readPath } from '../support/json.js';
import type { CapabilityCondition, FlagCondition, Requirement, SuiteCredential } from '../requirements/requirement.js';
import type { TransportKind } from '../transport/engine-client.js';
import type { RpcName } from '../transport/rpc-names.js';
import { RPC_FEATURES } from '../requirements/rpc-features.js';

export type Applicability =
  | { kind: 'run' }
  /** `warnings`: gated capabilities the engine does not mention at all (advertising `false` says it plainly). */
  | { kind: 'inapplicable'; reason: string; warnings: string[]; missing: string[] }
  | { kind: 'skipped'; reason: string }
  /** --require-behavior: the engine had to advertise what the requirement needs. */
  | { kind: 'required-but-missing'; reason: string };

export interface Selection {
  /** Requirement id globs (`lifecycle.*`); empty selects everything. */
  only: readonly string[];
  /** Requirement id globs left out (`--skip`), applied after `only`; absent or empty leaves none out. */
  skip?: readonly string[];
  requireBehavior: boolean;
  /** The transport the suite is connected over; requirements about another transport are inapplicable. */
  transport: TransportKind;
  /** The credentials the suite holds (requirement.credentials); absent means none. */
  credentials?: readonly SuiteCredential[];
  /** Whether the suite reaches the engine over a second surface too (requirement.needsPeer); absent means no. */
  peer?: PeerAvailability;
  /** Run events are read over the REST poll endpoint (`--rest-events poll`), which has no stream modes. */
  eventsOverPoll?: boolean;
}

/** A second surface for the parity area, or why there is none (the inapplicable reason). */
export type PeerAvailability = { available: true } | { available: false; reason: string };

/** Why the parity area does not apply when nothing says otherwise. */
export const NO_PEER_REASON =
  'no second surface of the engine is configured: pass --rest <url> (with a gRPC --target) or --grpc <url> (with a REST --target) to compare the two';

const CREDENTIAL_FLAG: Record<SuiteCredential, string> = {
  token: '--token (a valid bearer token with every scope)',
  'limited-token': '--limited-token (a valid bearer token without the run scopes)',
  'other-tenant-token': '--other-tenant-token (a valid bearer token of another tenant, with the run scopes)',
};

/** `*` matches any run of characters; everything else is literal. */
export function idGlobToRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

export function isSelected(requirementId: string, only: readonly string[], skip: readonly string[] = []): boolean {
  if (skippedBy(requirementId, skip) !== undefined) return false;
  return only.length === 0 || only.some((glob) => idGlobToRegExp(glob).test(requirementId));
}

/** The first `--skip` glob that leaves the requirement out, if any. */
export function skippedBy(requirementId: string, skip: readonly string[]): string | undefined {
  return skip.find((glob) => idGlobToRegExp(glob).test(requirementId));
}

/**
 * Reads a capability family at the document root (RFC 0073), falling back to the deprecated
 * `capabilities.` wrapper that grpc-transport.md's example still shows (protocol-digest §1.6).
 */
export function readCapability(capabilities: JsonObject, path: string): JsonValue | undefined {
  return readPath(capabilities, path) ?? readPath(capabilities, `capabilities.${path}`);
}

export function conditionHolds(capabilities: JsonObject, condition: CapabilityCondition): boolean {
  const value = readCapability(capabilities, condition.path);
  switch (condition.test) {
    case 'present':
      return value !== undefined && value !== null;
    case 'true':
      return value === true;
    case 'nonEmptyArray':
      return Array.isArray(value) && value.length > 0;
    case 'notFalse':
      return value !== false;
    case 'includes':
      if (value === undefined || value === null) return condition.unlisted === 'applies';
      return Array.isArray(value) && value.includes(condition.value);
  }
}

/** Whether every condition holds (an empty list always does). */
export const gateHolds = (capabilities: JsonObject, conditions: readonly CapabilityCondition[] = []): boolean =>
  conditions.every((condition) => conditionHolds(capabilities, condition));

const DESCRIBE_TEST: Record<FlagCondition['test'], string> = {
  present: 'is not advertised',
  true: 'is not true',
  nonEmptyArray: 'is not a non-empty array',
  notFalse: 'is advertised false',
};
export const describeCondition = (condition: CapabilityCondition): string =>
  condition.test === 'includes' ? `${condition.path} does not list ${JSON.stringify(condition.value)}` : `${condition.path} ${DESCRIBE_TEST[condition.test]}`;

/** Conditions that apply over this transport: the gate, then the transport's own. */
const conditionsOver = (requirement: Requirement, transport: TransportKind): CapabilityCondition[] => [
  ...(requirement.gate ?? []),
  ...(requirement.transportGate?.[transport] ?? []),
];

/** The advertised fixture ids (root `fixtures[]`), ignoring anything that is not a string. */
export function advertisedFixtures(capabilities: JsonObject): string[] {
  const fixtures = capabilities['fixtures'];
  return Array.isArray(fixtures) ? fixtures.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Decides before any test runs whether a requirement is exercised. The user's selection is applied
 * first (skipped), then the capability gate and fixtures (inapplicable, naming what is missing).
 */
export function decideApplicability(requirement: Requirement, capabilities: JsonObject, selection: Selection): Applicability {
  const skipGlob = skippedBy(requirement.id, selection.skip ?? []);
  if (skipGlob !== undefined) return { kind: 'skipped', reason: `left out by --skip ${skipGlob}` };
  if (!isSelected(requirement.id, selection.only)) {
    return { kind: 'skipped', reason: `not selected by --only ${selection.only.join(',')}` };
  }
  if (requirement.transports && !requirement.transports.includes(selection.transport)) {
    // Not a gap: the requirement simply does not exist on this transport.
    return {
      kind: 'inapplicable',
      reason: `this requirement is about the ${requirement.transports.join('/')} transport; the suite is connected over ${selection.transport}`,
      warnings: [],
      missing: [],
    };
  }
  if (requirement.needsStreamModes && selection.eventsOverPoll) {
    return {
      kind: 'inapplicable',
      reason:
        'run events are read over the poll endpoint (--rest-events poll), which carries no stream modes or buffering; run with --rest-events sse to judge this',
      warnings: [],
      missing: [],
    };
  }
  const lacking = (requirement.credentials ?? []).filter((credential) => !(selection.credentials ?? []).includes(credential));
  if (lacking.length > 0) {
    // Not an engine gap: the user did not give the suite what it needs to test this.
    return {
      kind: 'inapplicable',
      reason: `the suite needs ${lacking.map((credential) => CREDENTIAL_FLAG[credential]).join(' and ')} to test this`,
      warnings: [],
      missing: [],
    };
  }
  if (requirement.needsPeer && selection.peer?.available !== true) {
    // Not an engine gap: a single-surface engine, or a run given one surface, has nothing to compare.
    return { kind: 'inapplicable', reason: selection.peer?.available === false ? selection.peer.reason : NO_PEER_REASON, warnings: [], missing: [] };
  }
  const missing: string[] = [];
  const provide: string[] = [];
  const warnings: string[] = [];
  for (const condition of conditionsOver(requirement, selection.transport)) {
    if (conditionHolds(capabilities, condition)) continue;
    missing.push(
      `${describeCondition(condition)}${requirement.transportGate?.[selection.transport]?.includes(condition) ? ` (over ${selection.transport})` : ''}`,
    );
    provide.push(condition.test === 'includes' ? `list ${JSON.stringify(condition.value)} in ${condition.path}` : `advertise ${condition.path}`);
    // A family the document does not mention at all may be an oversight; `false` is a statement.
    if (readCapability(capabilities, condition.path.split('.')[0] ?? condition.path) === undefined) {
      warnings.push(`the engine does not mention ${condition.path} at all; advertise it (false if unsupported) so clients need not guess`);
    }
  }
  const fixtures = advertisedFixtures(capabilities);
  for (const fixture of requirement.fixtures ?? []) {
    if (fixtures.includes(fixture)) continue;
    missing.push(`fixture ${fixture} is not listed in fixtures[]`);
    provide.push(`preload ${fixture} and list it in fixtures[]`);
  }
  if (missing.length === 0) return { kind: 'run' };
  const reason = `engine does not advertise what this needs: ${missing.join('; ')}`;
  return selection.requireBehavior
    ? { kind: 'required-but-missing', reason: `${reason} (--require-behavior)` }
    : { kind: 'inapplicable', reason, warnings, missing: provide };
}

/**
 * Why an RPC's feature is not offered (its area's gate does not hold and none of its fixtures is
 * listed), or undefined when it is offered or core. Probes of an unoffered RPC record its answer
 * as a note and judge nothing (harness/requirements/rpc-features.ts).
 */
export function unofferedFeature(capabilities: JsonObject, rpc: RpcName): string | undefined {
  const feature = RPC_FEATURES[rpc];
  if (!feature) return undefined;
  if (gateHolds(capabilities, feature.gate)) return undefined;
  const fixtures = advertisedFixtures(capabilities);
  if ((feature.fixtures ?? []).some((fixture) => fixtures.includes(fixture))) return undefined;
  return `${rpc} belongs to a feature the engine does not offer (it advertises no ${feature.describe})`;
}
