import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { ComplianceReport, RequirementResult } from '../harness/verdicts/results.js';
import { baselineReason } from './baseline.js';
import { engineLabel } from './report-facts.js';

export const JUNIT_FILE = 'junit.xml';

/** JUnit has no official schema; this is the de facto shape GitLab, Jenkins and Azure read. */
const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function failureBody(result: RequirementResult): string {
  const lines = [`reason:   ${result.reason ?? ''}`];
  if (result.expected !== undefined) lines.push(`expected: ${result.expected}`);
  if (result.actual !== undefined) lines.push(`actual:   ${result.actual}`);
  lines.push(`spec:     ${result.specRef}`);
  if (result.repro) lines.push(`repro:    ${result.repro}`);
  return lines.join('\n');
}

function addTestcase(suite: XMLBuilder, report: ComplianceReport, result: RequirementResult): void {
  const testcase = suite.ele('testcase', {
    name: `${result.requirementId}: ${result.title}`,
    classname: `openwop.${result.area}`,
    time: seconds(result.durationMs),
    assertions: String(result.assertions),
  });
  const properties = testcase.ele('properties');
  for (const [name, value] of [
    ['requirementId', result.requirementId],
    ['level', result.level],
    ['area', result.area],
    ['specRef', result.specRef],
    ['disposition', result.disposition],
  ] as const) {
    properties.ele('property', { name, value });
  }
  if (result.transport) properties.ele('property', { name: 'transport', value: result.transport });
  const excuse = baselineReason(report.baseline, result.requirementId);
  if (excuse !== undefined) {
    // A baselined failure does not fail the run, so CI readers must not see a failure either.
    properties.ele('property', { name: 'baselined', value: excuse });
    testcase.ele('skipped', { message: `baselined ${result.disposition} (${excuse}): ${result.reason ?? ''}` });
    testcase.ele('system-out').txt(failureBody(result));
    return;
  }
  switch (result.disposition) {
    case 'fail':
      testcase.ele('failure', { message: result.reason ?? 'failed', type: `${result.level} requirement failed` }).txt(failureBody(result));
      break;
    case 'blocked':
      testcase.ele('error', { message: result.reason ?? 'blocked', type: 'blocked: advertised but not exercised' }).txt(failureBody(result));
      break;
    case 'error':
      // Ours, not the engine's: an error, never a failure.
      testcase
        .ele('error', { message: result.reason ?? 'suite error', type: 'suite error: an exception in the suite itself (please report)' })
        .txt(failureBody(result));
      break;
    case 'inapplicable':
    case 'skipped':
      testcase.ele('skipped', { message: `${result.disposition}: ${result.reason ?? ''}` });
      break;
    case 'pass':
      break;
  }
  if (result.warnings.length > 0) testcase.ele('system-out').txt(result.warnings.map((warning) => `warning: ${warning}`).join('\n'));
}

/** junit.xml: one testsuite per area, one testcase per requirement, built with xmlbuilder2 (it escapes). */
export function renderJunit(report: ComplianceReport): string {
  const document = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
  const count = (results: readonly RequirementResult[], disposition: string): number => results.filter((result) => result.disposition === disposition).length;
  const excused = (results: readonly RequirementResult[]): number =>
    results.filter((result) => baselineReason(report.baseline, result.requirementId) !== undefined).length;
  const root = document.ele('testsuites', {
    name: `${report.suite.name} ${report.suite.version} → ${report.target.url} (${engineLabel(report)})`,
    tests: String(report.results.length),
    time: seconds(report.durationMs),
  });
  const areas = [...new Set(report.results.map((result) => result.area))];
  for (const area of areas) {
    const inArea = report.results.filter((result) => result.area === area);
    const baselined = inArea.filter((result) => baselineReason(report.baseline, result.requirementId) !== undefined);
    const failures = count(inArea, 'fail') - count(baselined, 'fail');
    const errors = count(inArea, 'blocked') - count(baselined, 'blocked') + count(inArea, 'error');
    const suite = root.ele('testsuite', {
      name: area,
      tests: String(inArea.length),
      failures: String(failures),
      errors: String(errors),
      skipped: String(count(inArea, 'inapplicable') + count(inArea, 'skipped') + excused(inArea)),
      time: seconds(inArea.reduce((sum, result) => sum + result.durationMs, 0)),
      timestamp: report.startedAt,
    });
    const properties = suite.ele('properties');
    properties.ele('property', { name: 'verdict', value: report.verdict });
    properties.ele('property', { name: 'engine', value: engineLabel(report) });
    if (report.capabilitiesSha256) properties.ele('property', { name: 'capabilitiesSha256', value: report.capabilitiesSha256 });
    if (report.baseline) properties.ele('property', { name: 'baselineSha256', value: report.baseline.sha256 });
    for (const result of inArea) addTestcase(suite, report, result);
  }
  return document.end({ prettyPrint: true });
}
