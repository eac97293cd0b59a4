import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComplianceReport } from '../harness/verdicts/results.js';
import { SchemaId } from '../harness/schemas/schema-ids.js';
import type { SchemaRegistry } from '../harness/schemas/schema-registry.js';
import { formatSchemaIssue } from '../harness/schemas/schema-registry.js';

export const REPORT_FILE = 'report.json';

/** Thrown when our own report breaks our own schema: a suite bug, reported as such. */
export class InvalidReportError extends Error {
  override readonly name = 'InvalidReportError';
}

/**
 * Validates the report against compliance-report.schema.json and writes it. A report that fails
 * its schema is still written, as report.invalid.json, so nothing is lost, and the caller is told.
 */
export async function writeReport(reportDir: string, report: ComplianceReport, schemas: SchemaRegistry): Promise<string> {
  await mkdir(reportDir, { recursive: true });
  const issues = schemas.validate(SchemaId.complianceReport, report);
  const body = `${JSON.stringify(report, null, 2)}\n`;
  if (issues.length > 0) {
    const invalidPath = join(reportDir, 'report.invalid.json');
    await writeFile(invalidPath, body);
    throw new InvalidReportError(
      `the suite produced a report outside its own schema (a suite bug), kept at ${invalidPath}: ${issues.map((issue) => formatSchemaIssue(issue)).join('; ')}`,
    );
  }
  const path = join(reportDir, REPORT_FILE);
  await writeFile(path, body);
  return path;
}
