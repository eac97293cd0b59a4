import { appendFile } from 'node:fs/promises';
import type { ComplianceReport } from '../harness/verdicts/results.js';
import { problemsInReadingOrder, shownDisposition } from './report-facts.js';

/** GitHub shows at most 10 error annotations per step; the rest are in the summary. */
export const MAX_ANNOTATIONS = 10;

/** Workflow-command escaping (actions/toolkit): data escapes % CR LF; properties also : and ,. */
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error` lines for the first unbaselined failures (then blocked MUSTs), at most ten. */
export function errorAnnotations(report: ComplianceReport): string[] {
  if (report.connectionError) return [`::error title=${escapeProperty('openwop conformance: engine not exercised')}::${escapeData(report.connectionError)}`];
  return problemsInReadingOrder(report)
    .filter((result) => shownDisposition(report, result) !== 'baselined' && (result.disposition === 'fail' || result.level === 'MUST'))
    .slice(0, MAX_ANNOTATIONS)
    .map((result) => {
      const title = `${result.requirementId} [${result.level}] ${result.disposition}`;
      const detail = [
        result.reason ?? '',
        result.expected !== undefined ? `expected: ${result.expected}` : '',
        result.actual !== undefined ? `actual: ${result.actual}` : '',
        result.repro ? `repro: ${result.repro}` : '',
      ]
        .filter(Boolean)
        .join('\n');
      return `::error title=${escapeProperty(title)}::${escapeData(detail)}`;
    });
}

export interface GithubEnvironment {
  GITHUB_ACTIONS?: string;
  GITHUB_STEP_SUMMARY?: string;
}

export const inGithubActions = (env: GithubEnvironment): boolean => env.GITHUB_ACTIONS === 'true';

/** Appends the Markdown summary to the step summary file, when the runner names one. */
export async function appendStepSummary(env: GithubEnvironment, markdown: string): Promise<string | undefined> {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!inGithubActions(env) || !path) return undefined;
  await appendFile(path, `${markdown}\n`);
  return path;
}
