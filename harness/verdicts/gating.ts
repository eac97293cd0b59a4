import type { JsonObject, JsonValue } from '../support/json.js';
import { readPath } from '../support/json.js';
import type { CapabilityCondition, Requirement } from '../requirements/requirement.js';

export type Applicability =
  | { kind: 'run' }
  | { kind: 'inapplicable'; reason: string }
  | { kind: 'skipped'; reason: string }
  /** --require-behavior: the engine had to advertise what the requirement needs. */
  | { kind: 'required-but-missing'; reason: string };

export interface Selection {
  /** Requirement id globs (`lifecycle.*`); empty selects everything. */
  only: readonly string[];
  requireBehavior: boolean;
}

/** `*` matches any run of characters; everything else is literal. */
export function idGlobToRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

export function isSelected(requirementId: string, only: readonly string[]): boolean {
  return only.length === 0 || only.some((glob) => idGlobToRegExp(glob).test(requirementId));
}

/**
 * Reads a capability family at the document root (RFC 0073), falling back to the deprecated
 * `capabilities.` wrapper that grpc-transport.md's example still shows (protocol-digest §1.6).
 */
export function readCapability(capabilities: JsonObject, path: string): JsonValue | undefined {
  return readPath(capabilities, path) ?? readPath(capabilities, `capabilities.${path}`);
}

function conditionHolds(capabilities: JsonObject, condition: CapabilityCondition): boolean {
  const value = readCapability(capabilities, condition.path);
  switch (condition.test) {
    case 'present':
      return value !== undefined && value !== null;
    case 'true':
      return value === true;
    case 'nonEmptyArray':
      return Array.isArray(value) && value.length > 0;
  }
}

const describeCondition = (condition: CapabilityCondition): string =>
  condition.test === 'present' ? `${condition.path} is not advertised` : condition.test === 'true' ? `${condition.path} is not true` : `${condition.path} is not a non-empty array`;

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
  if (!isSelected(requirement.id, selection.only)) {
    return { kind: 'skipped', reason: `not selected by --only ${selection.only.join(',')}` };
  }
  const missing: string[] = [];
  for (const condition of requirement.gate ?? []) {
    if (!conditionHolds(capabilities, condition)) missing.push(describeCondition(condition));
  }
  const fixtures = advertisedFixtures(capabilities);
  for (const fixture of requirement.fixtures ?? []) {
    if (!fixtures.includes(fixture)) missing.push(`fixture ${fixture} is not listed in fixtures[]`);
  }
  if (missing.length === 0) return { kind: 'run' };
  const reason = `engine does not advertise what this needs: ${missing.join('; ')}`;
  return selection.requireBehavior ? { kind: 'required-but-missing', reason: `${reason} (--require-behavior)` } : { kind: 'inapplicable', reason };
}
