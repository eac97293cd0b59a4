import { basename } from 'node:path';
import type { SigningKeyInput } from './signing-key-input.js';
import { signingKeyOrRefusal } from './signing-key-input.js';
import type { RunOptions } from '../runner/conformance-run.js';
import { runConformance } from '../runner/conformance-run.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import { sharedSchemaRegistry } from '../schemas/schema-registry.js';
import { UsageError } from './usage-error.js';
import { checkRunOptions } from './run-options-check.js';
import type { BaselineFile } from '../../reporters/baseline.js';
import { applyBaseline, loadBaseline } from '../../reporters/baseline.js';
import { renderConsoleSummary } from '../../reporters/console-summary.js';
import type { GithubEnvironment } from '../../reporters/github-actions.js';
import { appendStepSummary, errorAnnotations, inGithubActions } from '../../reporters/github-actions.js';
import { ProgressDisplay } from '../../reporters/progress-display.js';
import { evaluateProfiles, unknownProfiles, unknownProfilesMessage } from '../../reporters/profiles.js';
import { mainSurfaceOf } from '../runner/peer-surface.js';
import { baselineLine } from '../../reporters/report-facts.js';
import { writeReport } from '../../reporters/report-writer.js';
import { decideGate } from '../../reporters/run-gate.js';
import { UnwritableDirError, ensureWritableDir } from './writable-dir.js';
import { mergeRepeats, repeatLines } from './repeat-runs.js';
import type { RunDependencies, RunOutcome } from '../runner/conformance-run.js';
import type { CommandIO, ExitCodeValue } from './command-io.js';
import { ExitCode } from './command-io.js';

/** With --sign-key or $OPENWOP_SIGN_KEY, certification-bundle.json is signed. */
export interface RunCommandOptions extends RunOptions, SigningKeyInput {
  reportDir: string;
  /** Print only the verdict line (the self-test runs many of these). */
  quiet: boolean;
  /** known-failures.json: failures it lists do not fail the run. */
  baselinePath?: string;
  /** Profiles the exit code depends on (instead of the overall verdict). */
  requireProfiles?: string[];
  /** --repeat N: run the selection N times; the report is the worst run's, with pass ratios. */
  repeat?: number | undefined;
}

/** Bad gate input is reported at once, but the run still goes ahead and writes its reports. */
async function gateInput(options: RunCommandOptions, schemas: SchemaRegistry): Promise<{ baseline?: BaselineFile; problems: string[] }> {
  const problems: string[] = [];
  // Profile ids name the run's transport (grpc-core on gRPC, rest-core on REST); an unreadable
  // target is the runner's to report, so it is judged as gRPC here.
  const transport = mainSurfaceOf(options.target) ?? 'grpc';
  const unknown = unknownProfiles(options.requireProfiles ?? [], transport);
  if (unknown.length > 0) problems.push(unknownProfilesMessage(unknown, transport));
  if (options.baselinePath === undefined) return { problems };
  try {
    return { baseline: await loadBaseline(options.baselinePath, schemas), problems };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { problems: [...problems, error.message] };
  }
}

/**
 * `openwop-conformance run`: one run; report.json and every rendered format written into the
 * report dir; its summary printed; an exit code from the verdict, the baseline and the required
 * profiles (run-gate.ts).
 */
export async function runCommand(
  options: RunCommandOptions,
  io: CommandIO,
  env: GithubEnvironment = {},
  dependencies: Omit<RunDependencies, 'progress'> = {},
): Promise<ExitCodeValue> {
  const schemas = sharedSchemaRegistry();
  const signingKey = await signingKeyOrRefusal(options, io);
  if (signingKey === 'refused') return ExitCode.usageOrConnection;
  const input = await gateInput(options, schemas);
  for (const problem of input.problems) io.err(`openwop-conformance: ${problem}`);
  const progress = io.progress && !options.quiet ? new ProgressDisplay(io.progress) : undefined;
  let outcome;
  try {
    const repeat = options.repeat ?? 1;
    if (!(Number.isInteger(repeat) && repeat >= 1)) throw new UsageError(`--repeat must be a whole number of runs, at least 1, got ${repeat}`);
    // A report dir that cannot be written is found before the run, not after it.
    await ensureWritableDir(options.reportDir);
    checkRunOptions(options, dependencies.requirements);
    const outcomes: RunOutcome[] = [];
    // Each run has its own --max-duration budget; Ctrl-C ends the series with what has run.
    for (let index = 0; index < repeat && !(index > 0 && options.signal?.aborted); index += 1) {
      if (repeat > 1 && !options.quiet) io.out(`openwop-conformance: run ${index + 1} of ${repeat}`);
      outcomes.push(await runConformance(options, { ...dependencies, ...(progress && { progress }) }));
    }
    outcome = repeat > 1 ? mergeRepeats(outcomes) : outcomes[0];
    if (!outcome) throw new UsageError('no run took place');
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`openwop-conformance: ${error.message}`);
      return error instanceof UnwritableDirError ? ExitCode.reportDirUnwritable : ExitCode.usageOrConnection;
    }
    throw error;
  } finally {
    progress?.finished();
  }
  const report = outcome.report;
  const knownProfiles = (options.requireProfiles ?? []).filter((id) => unknownProfiles([id], report.target.transport).length === 0);
  if (knownProfiles.length > 0) report.requiredProfiles = knownProfiles;
  if (input.baseline) report.baseline = applyBaseline(input.baseline, report.results);

  const reportPath = await writeReport(options.reportDir, report, schemas);
  // The renderers (JUnit, CTRF, HTML, badges) load only now: they are most of a run's set-up otherwise.
  const { writeReportArtifacts } = await import('../../reporters/report-artifacts.js');
  const artifacts = await writeReportArtifacts(options.reportDir, report, schemas, signingKey ? { signingKey } : {});
  if (report.connectionError) io.err(`openwop-conformance: ${report.connectionError}`);
  if (inGithubActions(env)) {
    await appendStepSummary(env, artifacts.markdown);
    for (const line of errorAnnotations(report)) io.out(line);
  }
  const gate = decideGate(report, knownProfiles);
  const lines = renderConsoleSummary(report, reportPath);
  if (options.quiet) {
    // The verdict line alone (README: "print only the verdict line"); the report path is known to the caller.
    for (const line of renderConsoleSummary(report, undefined).slice(-1)) io.out(line);
  } else {
    for (const line of lines) io.out(line);
    for (const profile of evaluateProfiles(report).filter((candidate) => candidate.requirementIds.length > 0)) {
      io.out(
        `Profile ${profile.id}: ${profile.status} (${profile.must.pass}/${profile.must.total} MUST passed${profile.baselinedMust > 0 ? `, ${profile.baselinedMust} baselined` : ''})`,
      );
    }
    if (report.repeat) for (const line of repeatLines(report.repeat)) io.out(line);
    const baseline = baselineLine(report);
    if (baseline) io.out(`Baseline: ${baseline}`);
    io.out(`Also written: ${artifacts.paths.map((path) => basename(path)).join(', ')}`);
    for (const note of artifacts.notes) io.out(`Note: ${note}`);
  }
  // A suite error's lines are the console summary's own section; the gate adds nothing to them.
  if (gate.code === 1) for (const reason of gate.reasons) io.out(`Gate: ${reason}`);
  // An interrupted run keeps its code; a suite error comes next (exit 3 whatever else happened, so
  // it is never read as the engine's result); then nothing (more) to assess; the gate decides the rest.
  if (outcome.exitCode === ExitCode.interrupted) return ExitCode.interrupted;
  if (gate.code === ExitCode.suiteError) return ExitCode.suiteError;
  if (input.problems.length > 0 || outcome.exitCode === ExitCode.usageOrConnection) return ExitCode.usageOrConnection;
  return gate.code;
}
