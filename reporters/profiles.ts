import { idGlobToRegExp } from '../harness/verdicts/gating.js';
import type { ComplianceReport, RequirementResult } from '../harness/verdicts/results.js';
import { REQUIREMENTS } from '../harness/requirements/registry.js';

/**
 * A named requirement set with a verdict of its own. Membership is by area name (so an area added
 * later joins its profile without touching this file) and, optionally, by requirement id globs.
 */
export interface ProfileDefinition {
  id: string;
  /** Short name for badges: "core" in "openwop grpc | core 48/48". */
  short: string;
  title: string;
  areas: readonly string[];
  requirementGlobs?: readonly string[];
}

export const PROFILES: readonly ProfileDefinition[] = [
  { id: 'grpc-core', short: 'core', title: 'Core: discovery, workflows, run lifecycle, event stream, errors, input validation', areas: ['discovery', 'workflow', 'lifecycle', 'stream', 'errors', 'input'] },
  { id: 'grpc-auth', short: 'auth', title: 'Authentication and authorization', areas: ['auth'] },
  { id: 'grpc-idempotency', short: 'idempotency', title: 'Idempotent run creation', areas: ['idempotency'] },
  { id: 'grpc-fork', short: 'fork', title: 'Forking runs', areas: ['fork'] },
  { id: 'grpc-pause', short: 'pause', title: 'Pausing and resuming runs', areas: ['pause'] },
  { id: 'grpc-interrupts', short: 'interrupts', title: 'Interrupts (human-in-the-loop)', areas: ['interrupt'] },
  { id: 'grpc-artifacts', short: 'artifacts', title: 'Artifacts', areas: ['artifact'] },
  { id: 'grpc-webhooks', short: 'webhooks', title: 'Webhooks', areas: ['webhook'] },
  { id: 'grpc-audit', short: 'audit', title: 'Audit log verification', areas: ['audit'] },
  { id: 'rest-framing', short: 'rest', title: 'REST + SSE framing (status codes, error bodies, SSE ids and resume, polling)', areas: ['rest'] },
  { id: 'transport-parity', short: 'parity', title: 'Cross-transport parity: REST and gRPC surfaces of one engine agree', areas: ['parity'] },
];

export const DEFAULT_BADGE_PROFILE = 'grpc-core';

/**
 * - certified: every MUST in the profile was exercised and passed (advertising is never enough);
 * - failed: a MUST failed;
 * - incomplete: nothing failed, but some MUST was blocked, or passed alongside MUSTs not run;
 * - not-assessed: the profile has no requirement in this build, or none of its MUSTs was exercised.
 */
export type ProfileStatus = 'certified' | 'failed' | 'incomplete' | 'not-assessed';

export interface LevelTally {
  total: number;
  pass: number;
  fail: number;
  blocked: number;
  /** Suite errors: never against the engine, but a MUST the suite did not judge leaves the profile incomplete. */
  error: number;
  /** inapplicable or skipped */
  notRun: number;
}

export interface ProfileResult {
  id: string;
  short: string;
  title: string;
  status: ProfileStatus;
  must: LevelTally;
  should: LevelTally;
  /** Requirements in the profile, in report order. */
  requirementIds: string[];
  /** Failed or blocked MUSTs that the run's baseline excuses. */
  baselinedMust: number;
  /**
   * Whether `--require-profile` accepts the profile: every MUST passed or is a baselined failure.
   * Never true for an empty profile.
   */
  gatePasses: boolean;
}

export function profileMembers(profile: ProfileDefinition, results: readonly RequirementResult[]): RequirementResult[] {
  const globs = (profile.requirementGlobs ?? []).map((glob) => idGlobToRegExp(glob));
  return results.filter((result) => profile.areas.includes(result.area) || globs.some((glob) => glob.test(result.requirementId)));
}

function tally(results: readonly RequirementResult[]): LevelTally {
  const count = (predicate: (result: RequirementResult) => boolean): number => results.filter(predicate).length;
  return {
    total: results.length,
    pass: count((result) => result.disposition === 'pass'),
    fail: count((result) => result.disposition === 'fail'),
    blocked: count((result) => result.disposition === 'blocked'),
    error: count((result) => result.disposition === 'error'),
    notRun: count((result) => result.disposition === 'inapplicable' || result.disposition === 'skipped'),
  };
}

function decideStatus(must: LevelTally): ProfileStatus {
  if (must.fail > 0) return 'failed';
  if (must.total > 0 && must.pass === must.total) return 'certified';
  if (must.blocked > 0 || must.error > 0 || must.pass > 0) return 'incomplete';
  return 'not-assessed';
}

/**
 * A requirement that only exists on the other surface (gRPC trailers on a REST run, SSE framing on a
 * gRPC run) is not a member: a profile is judged on what the run's transport can show.
 */
function concernsTransport(result: RequirementResult, transport: string): boolean {
  if (!REQUIREMENTS.has(result.requirementId)) return true;
  const transports = REQUIREMENTS.get(result.requirementId).transports;
  return transports === undefined || (transports as readonly string[]).includes(transport);
}

export function evaluateProfile(profile: ProfileDefinition, report: ComplianceReport): ProfileResult {
  const members = profileMembers(profile, report.results).filter((result) => concernsTransport(result, report.target.transport));
  const mustResults = members.filter((result) => result.level === 'MUST');
  const must = tally(mustResults);
  const baselined = new Set(report.baseline?.baselined ?? []);
  const baselinedMust = mustResults.filter((result) => baselined.has(result.requirementId)).length;
  return {
    id: profile.id,
    short: profile.short,
    title: profile.title,
    status: decideStatus(must),
    must,
    should: tally(members.filter((result) => result.level === 'SHOULD')),
    requirementIds: members.map((result) => result.requirementId),
    baselinedMust,
    gatePasses: must.total > 0 && mustResults.every((result) => result.disposition === 'pass' || baselined.has(result.requirementId)),
  };
}

/** Every defined profile, evaluated against the report (empty ones come back not-assessed). */
export function evaluateProfiles(report: ComplianceReport): ProfileResult[] {
  return PROFILES.map((profile) => evaluateProfile(profile, report));
}

/** Profile ids that are not defined; the CLI rejects them before doing anything. */
export function unknownProfiles(ids: readonly string[]): string[] {
  return ids.filter((id) => !PROFILES.some((profile) => profile.id === id));
}
