import { makeBadge } from 'badge-maker';
import type { ComplianceReport } from '../harness/verdicts/results.js';
import type { ProfileResult } from './profiles.js';
import { defaultBadgeProfile, evaluateProfiles } from './profiles.js';
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

/** How many hex digits of the results digest a badge's label shows: enough to find its bundle by eye. */
export const BADGE_DIGEST_DIGITS = 12;

/**
 * "openwop grpc" or "openwop rest": a badge says which surface earned it; with the bundle's results
 * digest, "openwop grpc · 3f9a1c0b2d4e". The digest goes in the label because shields' endpoint
 * validator rejects any key it does not define (services/endpoint-common.js: unknown keys are not
 * stripped), so badge.json can carry no extra member.
 */
const labelOf = (report: ComplianceReport, resultsSha256?: string): string =>
  `openwop ${report.target.transport === 'rest' ? 'rest' : 'grpc'}${resultsSha256 ? ` · ${resultsSha256.slice(0, BADGE_DIGEST_DIGITS)}` : ''}`;

/** Red/amber/green by outcome, grey when nothing decisive could be said. */
export const BADGE_COLORS = { green: '#2ea44f', amber: '#dfb317', red: '#e05d44', grey: '#9f9f9f' } as const;

function badgeProfile(report: ComplianceReport, profiles: readonly ProfileResult[]): ProfileResult | undefined {
  const wanted = report.requiredProfiles?.[0] ?? defaultBadgeProfile(report.target.transport);
  return (
    profiles.find((profile) => profile.id === wanted && profile.requirementIds.length > 0) ?? profiles.find((profile) => profile.requirementIds.length > 0)
  );
}

/**
 * badge.json: "openwop grpc | core 48/48" (or "openwop rest | …" for a REST target; MUST requirements of the badge's profile that passed,
 * out of all of them), plus "N baselined" whenever the baseline excused a failure, so a badge can
 * never hide one. The colour follows the verdict: green conformant, amber conformant only thanks to
 * the baseline or with SHOULD failures, red non-conformant, grey incomplete or not exercised.
 */
export function renderBadge(report: ComplianceReport, resultsSha256?: string): ShieldsEndpoint {
  if (report.connectionError) return { schemaVersion: 1, label: labelOf(report), message: 'not exercised', color: BADGE_COLORS.grey, isError: true };
  const profile = badgeProfile(report, evaluateProfiles(report));
  const baselined = report.baseline?.baselined.length ?? 0;
  const counts = profile ? `${profile.short} ${profile.must.pass}/${profile.must.total}` : `${report.summary.pass}/${report.summary.total}`;
  const parts = [counts];
  if (baselined > 0) parts.push(`${baselined} baselined`);
  // A suite error is ours: the badge says so rather than the engine's "incomplete" (grey either way).
  if ((report.summary.error ?? 0) > 0) parts.push('suite error');
  else if (report.verdict === 'incomplete') parts.push('incomplete');
  return { schemaVersion: 1, label: labelOf(report, resultsSha256), message: parts.join(' · '), color: badgeColor(report, baselined) };
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

/** One badge per certified profile, for `badges/<profile id>.json` and `.svg`. */
export interface ProfileBadge {
  profileId: string;
  badge: ShieldsEndpoint;
}

/**
 * A badge for each profile the run certified ("openwop rest · 3f9a1c0b2d4e | auth 12/12", green):
 * only certified ones, so a profile badge never exists for a profile that did not hold.
 */
export function renderProfileBadges(report: ComplianceReport, resultsSha256?: string): ProfileBadge[] {
  if (report.connectionError) return [];
  return evaluateProfiles(report)
    .filter((profile) => profile.status === 'certified')
    .map((profile) => ({
      profileId: profile.id,
      badge: {
        schemaVersion: 1,
        label: labelOf(report, resultsSha256),
        message: `${profile.short} ${profile.must.pass}/${profile.must.total}`,
        color: BADGE_COLORS.green,
      },
    }));
}

/**
 * badge.svg: the same badge drawn by shields' own renderer, self-contained (no fonts, no links). With
 * the bundle's results digest, the full digest is in its <title> (the tooltip) and in a <metadata>
 * element, so a saved image still traces to its certification bundle.
 */
export function renderBadgeSvg(badge: ShieldsEndpoint, resultsSha256?: string): string {
  const svg = makeBadge({ label: badge.label, message: badge.message, color: badge.color, style: 'flat' });
  if (!resultsSha256) return svg;
  return svg.replace(
    /<title>([^<]*)<\/title>/,
    (_match, title: string) =>
      `<title>${title} (certification bundle resultsSha256 ${resultsSha256})</title><metadata>openwop-conformance resultsSha256=${resultsSha256}</metadata>`,
  );
}
