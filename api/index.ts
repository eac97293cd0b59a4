/**
 * The suite as a library (`import … from 'openwop-conformance'`): run it against an engine URL or the
 * bundled reference engine and get the report object; the reporters as pure functions; the
 * requirement registry read-only; certification bundles signed and verified. Nothing here prints
 * or exits: the CLI (bin/) is one caller of these functions.
 */
import type { KeyObject } from 'node:crypto';
import type { RunOptions } from '../harness/runner/conformance-run.js';
import { runConformance } from '../harness/runner/conformance-run.js';
import { checkRunOptions } from '../harness/cli/run-options-check.js';
import type { Requirement } from '../harness/requirements/requirement.js';
import { REQUIREMENTS } from '../harness/requirements/registry.js';
import { sharedSchemaRegistry } from '../harness/schemas/schema-registry.js';
import type { ComplianceReport } from '../harness/verdicts/results.js';
import type { CertificationBundle } from '../reporters/certification-bundle.js';
import { renderCertificationBundle as renderBundleWith } from '../reporters/certification-bundle.js';
import type { VerificationCheck, VerifyInput } from '../reporters/certification/bundle-verifier.js';
import { verifyBundle as verifyBundleWith } from '../reporters/certification/bundle-verifier.js';
import { SUITE_NAME, suiteVersion } from '../reporters/report-builder.js';
import type { WrittenArtifacts } from '../reporters/report-artifacts.js';
import { writeReportArtifacts } from '../reporters/report-artifacts.js';
import { writeReport } from '../reporters/report-writer.js';

export type { ComplianceReport, Disposition, RequirementResult } from '../harness/verdicts/results.js';
export type { Requirement, RequirementLevel, Area } from '../harness/requirements/requirement.js';
export type { CertificationBundle, TargetConfiguration } from '../reporters/certification-bundle.js';
export type { CertificationBundleV3 } from '../reporters/certification/bundle-v3.js';
export type { BundleSignature, SignedDigests } from '../reporters/certification/bundle-signature.js';
export type { VerificationCheck } from '../reporters/certification/bundle-verifier.js';
export type { ProfileResult, ProfileStatus, ProfileDefinition } from '../reporters/profiles.js';
export type { ShieldsEndpoint, ProfileBadge } from '../reporters/badge-renderer.js';
export type { GateDecision } from '../reporters/run-gate.js';
export type { WrittenArtifacts } from '../reporters/report-artifacts.js';

export { renderJunit } from '../reporters/junit-renderer.js';
export { renderMarkdownSummary } from '../reporters/markdown-summary.js';
export { renderHtmlReport } from '../reporters/html-report.js';
export { renderCtrf } from '../reporters/ctrf-renderer.js';
export { renderBadge, renderBadgeSvg, renderProfileBadges } from '../reporters/badge-renderer.js';
export { renderConsoleSummary } from '../reporters/console-summary.js';
export { renderBundleV3 } from '../reporters/certification/bundle-v3.js';
export { evaluateProfiles, profileIdsFor, PROFILES } from '../reporters/profiles.js';
export { decideGate } from '../reporters/run-gate.js';
export { verificationExitCode } from '../reporters/certification/bundle-verifier.js';
export { parsePrivateKey, parsePublicKey, keyFingerprint, SigningKeyError } from '../reporters/certification/signing-key.js';
export { UsageError } from '../harness/support/usage-error.js';

export interface SuiteOptions {
  /** `grpc(s)://host:port`, `http(s)://host:port` (REST + SSE), or `reference` / `reference-rest` for the bundled engine (started and stopped by the run). */
  target: string;
  token?: string;
  limitedToken?: string;
  /** Requirement id globs; the rest are `skipped` (default: all). */
  only?: string[];
  /** Requirement id globs left out after `only` (`skipped` with that reason). */
  skip?: string[];
  requireBehavior?: boolean;
  timeoutScale?: number;
  /** Checks in flight at once (default 8, the CLI's). */
  jobs?: number;
  restEvents?: 'sse' | 'poll';
  caPath?: string;
  certPath?: string;
  keyPath?: string;
  maxDurationSeconds?: number;
  /** Bundled engine only: named faults and tolerated variants (`openwop-conformance faults`). */
  faults?: string[];
  variants?: string[];
  /** Aborting it ends the run early with a partial report. */
  signal?: AbortSignal;
}

export interface SuiteRun {
  report: ComplianceReport;
  /** `report.verdict`, repeated for a one-line assertion: conformant, non-conformant or incomplete. */
  verdict: ComplianceReport['verdict'];
  /** The CLI's exit code for this run without a gate: 0 conformant, 1 not, 2 nothing assessable, 3 a suite error (ours, please report), 130 interrupted. */
  exitCode: 0 | 1 | 2 | 3 | 130;
}

/**
 * Runs the suite once. Never throws for the engine's behaviour (an unreachable engine yields a report
 * with every requirement blocked); throws `UsageError` for options that cannot run (a glob that
 * matches nothing, a fault against a foreign engine).
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteRun> {
  const runOptions: RunOptions = {
    target: options.target,
    only: options.only ?? [],
    skip: options.skip ?? [],
    requireBehavior: options.requireBehavior ?? false,
    timeoutScale: options.timeoutScale ?? 1,
    faults: options.faults ?? [],
    variants: options.variants ?? [],
    jobs: options.jobs ?? 8,
    ...(options.token !== undefined && { token: options.token }),
    ...(options.limitedToken !== undefined && { limitedToken: options.limitedToken }),
    ...(options.restEvents !== undefined && { restEvents: options.restEvents }),
    ...(options.caPath !== undefined && { caPath: options.caPath }),
    ...(options.certPath !== undefined && { certPath: options.certPath }),
    ...(options.keyPath !== undefined && { keyPath: options.keyPath }),
    ...(options.maxDurationSeconds !== undefined && { maxDurationSeconds: options.maxDurationSeconds }),
    ...(options.signal !== undefined && { signal: options.signal }),
  };
  checkRunOptions(runOptions);
  const outcome = await runConformance(runOptions);
  return { report: outcome.report, verdict: outcome.report.verdict, exitCode: outcome.exitCode };
}

/** The requirement registry, read-only: every requirement this suite version checks, in report order. */
export const requirements: readonly Readonly<Requirement>[] = Object.freeze(REQUIREMENTS.all.map((requirement) => Object.freeze({ ...requirement })));

/** One requirement by id, or undefined. */
export function findRequirement(id: string): Readonly<Requirement> | undefined {
  return requirements.find((requirement) => requirement.id === id);
}

/** This package's name and version (what a bundle's `suite` names). */
export const suite = {
  name: SUITE_NAME,
  get version(): string {
    return suiteVersion();
  },
};

/** certification-bundle.json (v2) for a report; signed when a key is given. Undefined without a discovery document. */
export function renderCertificationBundle(report: ComplianceReport, options: { signingKey?: KeyObject } = {}): CertificationBundle | undefined {
  return renderBundleWith(report, sharedSchemaRegistry(), options);
}

/** Every check `openwop-conformance verify` makes, as data (pass the live discovery digest yourself for a target check). */
export function verifyBundle(bundle: unknown, options: { publicKey?: KeyObject; live?: NonNullable<VerifyInput['live']> } = {}): VerificationCheck[] {
  return verifyBundleWith({
    bundle,
    schemas: sharedSchemaRegistry(),
    requirements: REQUIREMENTS,
    suite: { package: SUITE_NAME, version: suiteVersion() },
    ...options,
  });
}

/** report.json plus every format (JUnit, Markdown, HTML, badges, CTRF, bundles) into `reportDir`, as `run` writes them. */
export async function writeReportFiles(
  reportDir: string,
  report: ComplianceReport,
  options: { signingKey?: KeyObject } = {},
): Promise<{ reportPath: string } & WrittenArtifacts> {
  const schemas = sharedSchemaRegistry();
  const reportPath = await writeReport(reportDir, report, schemas);
  return { reportPath, ...(await writeReportArtifacts(reportDir, report, schemas, options)) };
}
