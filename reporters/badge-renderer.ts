import { makeBadge } from 'badge-maker';
import type { ComplianceReport } from '../harness/verdicts/results.js';
import type { ProfileResult } from './profiles.js';
import { DEFAULT_BADGE_PROFILE, evaluateProfiles } from './profiles.js';
import { decideGate } from './run-gate.js';

export const BADGE_JSON_FILE = 'badge.json';
export const BADGE_SVG_FILE = 'badge.svg';

/** The shields.io endpoint format (https://shields.io/badges/endpoint-badge). */
export interface ShieldsEndpoint {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
  /** Not part of shields' format's required set; shields ignores what it does not know. */
  isError?: boolean;
}

/** "openwop grpc" or "openwop rest": a badge says which surface earned it. */
const labelOf = (report: ComplianceReport): string => `openwop ${report.target.transport === 'rest' ? 'rest' : 'grpc'}`;

/** Red/amber/green by outcome, grey when nothing decisive could be said. */
export const BADGE_COLORS = { green: '#2ea44f', amber: '#dfb317', red: '#e05d44', grey: '#9f9f9f' } as const;

function badgeProfile(report: ComplianceReport, profiles: readonly ProfileResult[]): ProfileResult | undefined {
  const wanted = report.requiredProfiles?.[0] ?? DEFAULT_BADGE_PROFILE;
  return profiles.find((profile) => profile.id === wanted && profile.requirementIds.length > 0) ?? profiles.find((profile) => profile.requirementIds.length > 0);
}

/**
 * badge.json: "openwop grpc | core 48/48" (or "openwop rest | …" for a REST target; MUST requirements of the badge's profile that passed,
 * out of all of them), plus "N baselined" whenever the baseline excused a failure, so a badge can
 * never hide one. The colour follows the verdict: green conformant, amber conformant only thanks to
 * the baseline or with SHOULD failures, red non-conformant, grey incomplete or not exercised.
 */
export function renderBadge(report: ComplianceReport): ShieldsEndpoint {
  if (report.connectionError) return { schemaVersion: 1, label: labelOf(report), message: 'not exercised', color: BADGE_COLORS.grey, isError: true };
  const profile = badgeProfile(report, evaluateProfiles(report));
  const baselined = report.baseline?.baselined.length ?? 0;
  const counts = profile ? `${profile.short} ${profile.must.pass}/${profile.must.total}` : `${report.summary.pass}/${report.summary.total}`;
  const parts = [counts];
  if (baselined > 0) parts.push(`${baselined} baselined`);
  // A suite error is ours: the badge says so rather than the engine's "incomplete" (grey either way).
  if ((report.summary.error ?? 0) > 0) parts.push('suite error');
  else if (report.verdict === 'incomplete') parts.push('incomplete');
  return { schemaVersion: 1, label: labelOf(report), message: parts.join(' · '), color: badgeColor(report, baselined) };
}

function badgeColor(report: ComplianceReport, baselined: number): string {
  switch (report.verdict) {
    case 'incomplete':
      return BADGE_COLORS.grey;
    case 'non-conformant':
      // Amber only when the run still passes its gate because every MUST failure is baselined.
      return baselined > 0 && decideGate(report, report.requiredProfiles ?? []).code === 0 ? BADGE_COLORS.amber : BADGE_COLORS.red;
    case 'conformant':
      return baselined > 0 || report.summary.shouldFailures > 0 ? BADGE_COLORS.amber : BADGE_COLORS.green;
  }
}

/** badge.svg: the same badge drawn by shields' own renderer, self-contained (no fonts, no links). */
export function renderBadgeSvg(badge: ShieldsEndpoint): string {
  return makeBadge({ label: badge.label, message: badge.message, color: badge.color, style: 'flat' });
}
