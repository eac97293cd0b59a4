import { idGlobToRegExp } from '../harness/verdicts/gating.js';
import type { ComplianceReport, RequirementResult } from '../harness/verdicts/results.js';
import { REQUIREMENTS } from '../harness/requirements/registry.js';

/**
 * A named requirement set with a verdict of its own. Membership is by area name (so an area added
 * later joins its profile without touching this file) and, optionally, by requirement id globs.
 */
export interface ProfileDefinition {
  /** The id on a gRPC run (stable since the first release: CI gates name it). */
  id: string;
  /**
   * The id on a REST run, for profiles whose name states the transport (`grpc-core` → `rest-core`):
   * a profile id names the surface that earned it. Absent: one id on both surfaces.
   */
  restId?: string;
  /** Short name for badges: "core" in "openwop grpc | core 48/48". */
  short: string;
  title: string;
  areas: readonly string[];
  requirementGlobs?: readonly string[];
}

export const PROFILES: readonly ProfileDefinition[] = [
  {
    id: 'grpc-core',
    restId: 'rest-core',
    short: 'core',
    title: 'Core: discovery, workflows, run lifecycle, event stream, errors, input validation',
    areas: ['discovery', 'workflow', 'lifecycle', 'stream', 'errors', 'input'],
  },
  { id: 'grpc-auth', restId: 'rest-auth', short: 'auth', title: 'Authentication and authorization', areas: ['auth'] },
  { id: 'grpc-idempotency', restId: 'rest-idempotency', short: 'idempotency', title: 'Idempotent run creation', areas: ['idempotency'] },
  { id: 'grpc-fork', restId: 'rest-fork', short: 'fork', title: 'Forking runs', areas: ['fork'] },
  { id: 'grpc-pause', restId: 'rest-pause', short: 'pause', title: 'Pausing and resuming runs', areas: ['pause'] },
  { id: 'grpc-interrupts', restId: 'rest-interrupts', short: 'interrupts', title: 'Interrupts (human-in-the-loop)', areas: ['interrupt'] },
  { id: 'grpc-artifacts', restId: 'rest-artifacts', short: 'artifacts', title: 'Artifacts', areas: ['artifact'] },
  { id: 'grpc-webhooks', restId: 'rest-webhooks', short: 'webhooks', title: 'Webhooks', areas: ['webhook'] },
  { id: 'grpc-audit', restId: 'rest-audit', short: 'audit', title: 'Audit log verification', areas: ['audit'] },
  { id: 'rest-framing', short: 'rest', title: 'REST + SSE framing (status codes, error bodies, SSE ids and resume, polling)', areas: ['rest'] },
  { id: 'transport-parity', short: 'parity', title: 'Cross-transport parity: REST and gRPC surfaces of one engine agree', areas: ['parity'] },
];

export const DEFAULT_BADGE_PROFILE = 'grpc-core';

/** The surface a run was measured over, as profile naming sees it (anything not REST is gRPC). */
export type ProfileTransport = 'grpc' | 'rest';

export const profileTransportOf = (transport: string): ProfileTransport => (transport === 'rest' ? 'rest' : 'grpc');

/** The profile's id on a run over `transport`. */
export function profileIdFor(profile: ProfileDefinition, transport: string): string {
  return profileTransportOf(transport) === 'rest' ? (profile.restId ?? profile.id) : profile.id;
}

/** Every profile id valid on a run over `transport`, in definition order. */
export function profileIdsFor(transport: string): string[] {
  return PROFILES.map((profile) => profileIdFor(profile, transport));
}

/** The profile the overall badge shows when no --require-profile names one. */
export function defaultBadgeProfile(transport: string): string {
  const core = PROFILES.find((profile) => profile.id === DEFAULT_BADGE_PROFILE);
  return core ? profileIdFor(core, transport) : DEFAULT_BADGE_PROFILE;
}

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

export function profileMembers<T extends Pick<RequirementResult, 'requirementId' | 'area'>>(profile: ProfileDefinition, results: readonly T[]): T[] {
  const globs = (profile.requirementGlobs ?? []).map((glob) => idGlobToRegExp(glob));
  return results.filter((result) => profile.areas.includes(result.area) || globs.some((glob) => glob.test(result.requirementId)));
}

function tally(results: readonly ProfileInput[]): LevelTally {
  const count = (predicate: (result: ProfileInput) => boolean): number => results.filter(predicate).length;
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
function concernsTransport(result: ProfileInput, transport: string): boolean {
  if (!REQUIREMENTS.has(result.requirementId)) return true;
  const transports = REQUIREMENTS.get(result.requirementId).transports;
  return transports === undefined || (transports as readonly string[]).includes(transport);
}

/** What a profile reads of a result: enough to judge it from a certification bundle too. */
export type ProfileInput = Pick<RequirementResult, 'requirementId' | 'area' | 'level' | 'disposition'>;

export function evaluateProfile(profile: ProfileDefinition, report: ComplianceReport): ProfileResult {
  return evaluateProfileOf(profile, report.results, report.target.transport, report.baseline?.baselined ?? []);
}

/**
 * The profile's verdict from results alone, under this suite version's rules (membership, level,
 * transport): what a run reports, and what `verify` re-derives from a bundle's listed results.
 */
export function evaluateProfileOf(
  profile: ProfileDefinition,
  results: readonly ProfileInput[],
  transport: string,
  baselinedIds: readonly string[] = [],
): ProfileResult {
  const members = profileMembers(profile, results).filter((result) => concernsTransport(result, transport));
  const mustResults = members.filter((result) => result.level === 'MUST');
  const must = tally(mustResults);
  const baselined = new Set(baselinedIds);
  const baselinedMust = mustResults.filter((result) => baselined.has(result.requirementId)).length;
  return {
    id: profileIdFor(profile, transport),
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

/** Every defined profile judged from bare results (the bundle verifier's view). */
export function evaluateProfilesOf(results: readonly ProfileInput[], transport: string): ProfileResult[] {
  return PROFILES.map((profile) => evaluateProfileOf(profile, results, transport));
}

/** Profile ids that are not profiles of a run over `transport`; the CLI rejects them before doing anything. */
export function unknownProfiles(ids: readonly string[], transport: string): string[] {
  const valid = profileIdsFor(transport);
  return ids.filter((id) => !valid.includes(id));
}

/**
 * One line for `--require-profile` ids that do not name a profile of this run's transport: the
 * other surface's spelling gets its counterpart named, and the valid ids are listed.
 */
export function unknownProfilesMessage(unknown: readonly string[], transport: string): string {
  const other: ProfileTransport = profileTransportOf(transport) === 'rest' ? 'grpc' : 'rest';
  const hints = unknown.flatMap((id) => {
    const profile = PROFILES.find((candidate) => profileIdFor(candidate, other) === id);
    return profile ? [`${id} is the ${other === 'rest' ? 'REST' : 'gRPC'} name of ${profileIdFor(profile, transport)}`] : [];
  });
  const surface = profileTransportOf(transport) === 'rest' ? 'REST' : 'gRPC';
  return `--require-profile ${unknown.join(', ')}: not a profile of a ${surface} run${hints.length > 0 ? ` (${hints.join('; ')})` : ''}; valid: ${profileIdsFor(transport).join(', ')}`;
}
