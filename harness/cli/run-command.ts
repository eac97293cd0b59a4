import type { RunOptions } from '../runner/conformance-run.js';
import { runConformance } from '../runner/conformance-run.js';
import { sharedSchemaRegistry } from '../schemas/schema-registry.js';
import { UsageError } from './usage-error.js';
import { renderConsoleSummary } from '../../reporters/console-summary.js';
import { writeReport } from '../../reporters/report-writer.js';
import { ensureWritableDir } from './writable-dir.js';
import type { CommandIO, ExitCodeValue } from './command-io.js';
import { ExitCode } from './command-io.js';

export interface RunCommandOptions extends RunOptions {
  reportDir: string;
  /** Print only the verdict line (the self-test runs many of these). */
  quiet: boolean;
}

/** `openwop-conformance run`: one run, its report written, its summary printed, an exit code. */
export async function runCommand(options: RunCommandOptions, io: CommandIO): Promise<ExitCodeValue> {
  let outcome;
  try {
    // A report dir that cannot be written is found before the run, not after it.
    await ensureWritableDir(options.reportDir);
    outcome = await runConformance(options);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`openwop-conformance: ${error.message}`);
      return ExitCode.usageOrConnection;
    }
    throw error;
  }
  const reportPath = await writeReport(options.reportDir, outcome.report, sharedSchemaRegistry());
  if (outcome.report.connectionError) io.err(`openwop-conformance: ${outcome.report.connectionError}`);
  const lines = renderConsoleSummary(outcome.report, reportPath);
  for (const line of options.quiet ? lines.slice(-2) : lines) io.out(line);
  return outcome.exitCode;
}
