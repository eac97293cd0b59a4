import { readFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import type { ComplianceReport } from '../verdicts/results.js';
import { SchemaId } from '../schemas/schema-ids.js';
import { formatSchemaIssue, sharedSchemaRegistry } from '../schemas/schema-registry.js';
import { writeReportArtifacts } from '../../reporters/report-artifacts.js';
import type { CommandIO, ExitCodeValue } from './command-io.js';
import { ExitCode } from './command-io.js';
import type { SigningKeyInput } from './signing-key-input.js';
import { signingKeyOrRefusal } from './signing-key-input.js';

export interface ReportCommandOptions extends SigningKeyInput {
  /** A report.json written by `run`. */
  reportPath: string;
  /** Where the formats go; default: beside report.json. */
  reportDir?: string;
}

/**
 * `openwop-conformance report <report.json>`: renders every format again from a saved report,
 * e.g. after upgrading the suite, or from a CI artifact. Reads nothing but the report.
 */
export async function reportCommand(options: ReportCommandOptions, io: CommandIO): Promise<ExitCodeValue> {
  const signingKey = await signingKeyOrRefusal(options, io);
  if (signingKey === 'refused') return ExitCode.usageOrConnection;
  let text: string;
  try {
    text = await readFile(options.reportPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err(`openwop-conformance: cannot read ${options.reportPath}${code ? ` (${code})` : ''}`);
    return ExitCode.usageOrConnection;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    io.err(`openwop-conformance: ${options.reportPath} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.usageOrConnection;
  }
  const schemas = sharedSchemaRegistry();
  const issues = schemas.validate(SchemaId.complianceReport, parsed);
  if (issues.length > 0) {
    io.err(
      `openwop-conformance: ${options.reportPath} is not a compliance report: ${issues
        .slice(0, 3)
        .map((issue) => formatSchemaIssue(issue))
        .join('; ')}`,
    );
    return ExitCode.usageOrConnection;
  }
  const reportDir = options.reportDir ?? dirname(options.reportPath);
  const artifacts = await writeReportArtifacts(reportDir, parsed as ComplianceReport, schemas, signingKey ? { signingKey } : {});
  io.out(`Rendered into ${reportDir}: ${artifacts.paths.map((path) => relative(reportDir, path)).join(', ')}`);
  for (const note of artifacts.notes) io.out(`Note: ${note}`);
  return ExitCode.conformant;
}
