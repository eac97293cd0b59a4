import type { ComplianceReport } from '../harness/verdicts/results.js';
import type { ProfileResult } from './profiles.js';
import { PROFILES, profileIdFor, profileMembers } from './profiles.js';

/**
 * Why a profile with no requirement on this run is not assessed, in two groups: the suite has
 * requirements for it, but none concerns this run's transport (rest-framing on a gRPC run: REST
 * framing has no gRPC form), or the suite has none for it yet. Only the second is "not yet".
 */
export function unassessedProfiles(profiles: readonly ProfileResult[], report: ComplianceReport): { otherTransport: string[]; none: string[] } {
  const otherTransport: string[] = [];
  const none: string[] = [];
  for (const profile of profiles.filter((entry) => entry.requirementIds.length === 0)) {
    const definition = PROFILES.find((entry) => profileIdFor(entry, report.target.transport) === profile.id);
    if (definition && profileMembers(definition, report.results).length > 0) otherTransport.push(profile.id);
    else none.push(profile.id);
  }
  return { otherTransport, none };
}

/** The note under a profile table, one sentence per group; `code` renders a profile id. */
export function unassessedNote(profiles: readonly ProfileResult[], report: ComplianceReport, code: (id: string) => string): string[] {
  const { otherTransport, none } = unassessedProfiles(profiles, report);
  const transport = report.target.transport === 'rest' ? 'REST + SSE' : 'gRPC';
  const notes: string[] = [];
  if (otherTransport.length > 0)
    notes.push(`Not assessed on a ${transport} run (their requirements concern the other transport): ${otherTransport.map(code).join(', ')}.`);
  if (none.length > 0) notes.push(`Not assessed (no requirements in this suite version yet): ${none.map(code).join(', ')}.`);
  return notes;
}
