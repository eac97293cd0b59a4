import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComplianceReport } from '../harness/verdicts/results.js';
import { SchemaId } from '../harness/schemas/schema-ids.js';
import type { SchemaRegistry } from '../harness/schemas/schema-registry.js';
import { formatSchemaIssue } from '../harness/schemas/schema-registry.js';
import { BADGE_JSON_FILE, BADGE_SVG_FILE, renderBadge, renderBadgeSvg, renderProfileBadges } from './badge-renderer.js';
import { BUNDLE_V3_FILE, UNFILLED_V3_FIELDS, renderBundleV3 } from './certification/bundle-v3.js';
import type { BundleOptions } from './certification-bundle.js';
import { BUNDLE_FILE, renderCertificationBundle } from './certification-bundle.js';
import { CTRF_FILE, renderCtrf } from './ctrf-renderer.js';
import { HTML_FILE, renderHtmlReport } from './html-report.js';
import { JUNIT_FILE, renderJunit } from './junit-renderer.js';
import { SUMMARY_FILE, renderMarkdownSummary } from './markdown-summary.js';
import { InvalidReportError } from './report-writer.js';

export interface WrittenArtifacts {
  /** Paths written, in a stable order. */
  paths: string[];
  /** The Markdown summary, for $GITHUB_STEP_SUMMARY. */
  markdown: string;
  /** Formats that were not written, and why (e.g. no bundle without a discovery document). */
  notes: string[];
}

/** Per-profile badges: `badges/<profile id>.json` (shields endpoint) and `.svg`. */
export const PROFILE_BADGES_DIR = 'badges';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Renders every format from one ComplianceReport into `reportDir` (report.json itself is the
 * report writer's). Each renderer reads the report only; JSON outputs are schema-checked first.
 */
export async function writeReportArtifacts(
  reportDir: string,
  report: ComplianceReport,
  schemas: SchemaRegistry,
  bundleOptions: BundleOptions = {},
): Promise<WrittenArtifacts> {
  await mkdir(reportDir, { recursive: true });
  // The bundle first: every badge carries its results digest, so a badge traces to its bundle.
  const bundle = renderCertificationBundle(report, schemas, bundleOptions);
  const digest = bundle?.resultsSha256;
  const badge = renderBadge(report, digest);
  const profileBadges = renderProfileBadges(report, digest);
  for (const candidate of [badge, ...profileBadges.map((entry) => entry.badge)]) {
    const badgeIssues = schemas.validate(SchemaId.shieldsEndpoint, candidate);
    if (badgeIssues.length > 0)
      throw new InvalidReportError(
        `badge.json is outside the shields endpoint schema (a suite bug): ${badgeIssues.map((issue) => formatSchemaIssue(issue)).join('; ')}`,
      );
  }
  const markdown = renderMarkdownSummary(report);
  const files: [string, string][] = [
    [JUNIT_FILE, renderJunit(report)],
    [SUMMARY_FILE, markdown],
    [HTML_FILE, renderHtmlReport(report)],
    [BADGE_JSON_FILE, json(badge)],
    [BADGE_SVG_FILE, renderBadgeSvg(badge, digest)],
    ...profileBadges.flatMap(({ profileId, badge: profileBadge }): [string, string][] => [
      [join(PROFILE_BADGES_DIR, `${profileId}.json`), json(profileBadge)],
      [join(PROFILE_BADGES_DIR, `${profileId}.svg`), renderBadgeSvg(profileBadge, digest)],
    ]),
    [CTRF_FILE, json(renderCtrf(report))],
  ];
  const notes: string[] = [];
  if (bundle) {
    files.push([BUNDLE_FILE, json(bundle)], [BUNDLE_V3_FILE, json(renderBundleV3(bundle))]);
    notes.push(
      `${BUNDLE_V3_FILE} leaves out ${UNFILLED_V3_FIELDS.map((field) => field.field).join(', ')}: the suite cannot fill them honestly (README, "Signed certification and verify")`,
    );
  } else notes.push(`${BUNDLE_FILE} not written: the run read no discovery document to certify against`);
  if (profileBadges.length > 0) await mkdir(join(reportDir, PROFILE_BADGES_DIR), { recursive: true });
  const paths: string[] = [];
  for (const [name, body] of files) {
    const path = join(reportDir, name);
    await writeFile(path, body);
    paths.push(path);
  }
  return { paths, markdown, notes };
}
