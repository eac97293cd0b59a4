import { assert } from 'chai';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../harness/cli/run-command.js';
import { ExitCode } from '../../harness/cli/command-io.js';
import { check } from '../../harness/runner/suite-dsl.js';
import { SchemaId } from '../../harness/schemas/schema-ids.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';
import type { ComplianceReport } from '../../harness/verdicts/results.js';
import { ALL_CHECKS } from '../../suites/index.js';
import { decideGate } from '../../reporters/run-gate.js';
import { renderJunit } from '../../reporters/junit-renderer.js';
import { renderCtrf } from '../../reporters/ctrf-renderer.js';
import { renderMarkdownSummary } from '../../reporters/markdown-summary.js';
import { evaluateProfiles } from '../../reporters/profiles.js';

/**
 * A suite error is an exception raised inside the suite's own code. The run is given, in process,
 * one check of ours that throws (the checks are the runner's injected dependency, as the CLI's
 * own ones are by default), next to a real check that passes: the thrower comes out `error`, the
 * engine is not blamed, and the CLI exits 3 saying "suite error — please report".
 */
describe('a suite error (an exception in a check)', function () {
  this.timeout(60_000);
  const broken = 'discovery.capabilities-schema-valid';
  const healthy = 'discovery.protocol-version-grammar';

  it('is disposition error, its own count, never a fail or block, and the CLI exits 3 saying so', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'owc-suite-error-'));
    const out: string[] = [];
    const checks = [
      check(broken, async () => {
        const missing: { field?: { inner: string } } = {};
        // A bug of ours: reading through an absent object.
        (missing.field as { inner: string }).inner.toUpperCase();
      }),
      ...ALL_CHECKS.filter((entry) => entry.requirementId === healthy),
    ];
    const code = await runCommand(
      { target: 'reference', only: [broken, healthy], requireBehavior: false, timeoutScale: 1, faults: [], reportDir, quiet: false },
      { out: (line) => out.push(line), err: (line) => out.push(line) },
      {},
      { checks },
    );
    assert.strictEqual(code, ExitCode.suiteError, out.join('\n'));
    assert.strictEqual(code, 3);
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as ComplianceReport;
    assert.deepEqual(sharedSchemaRegistry().validate(SchemaId.complianceReport, report), []);
    const result = report.results.find((entry) => entry.requirementId === broken);
    assert.strictEqual(result?.disposition, 'error');
    assert.match(result?.reason ?? '', /^suite error .*please report.*TypeError/);
    assert.strictEqual(report.results.find((entry) => entry.requirementId === healthy)?.disposition, 'pass');
    assert.strictEqual(report.summary.error, 1);
    assert.strictEqual(report.summary.fail, 0);
    assert.strictEqual(report.summary.blocked, 0);
    assert.strictEqual(report.verdict, 'incomplete');
    assert.match(report.verdictReason, /^suite error: 1 requirement/);
    assert.strictEqual(decideGate(report, []).code, 3);
    // Never against the engine's profiles: incomplete, not failed.
    assert.notStrictEqual(evaluateProfiles(report).find((profile) => profile.id === 'grpc-core')?.status, 'failed');
    const console = out.join('\n');
    assert.include(console, 'Suite error — please report');
    assert.include(console, `${broken}: suite error`);
    assert.include(console, 'TypeError');
    // JUnit: an <error>, not a <failure>; CTRF: other, never failed.
    const junit = renderJunit(report);
    assert.match(junit, /<error message="suite error[^"]*" type="suite error/);
    assert.notInclude(junit, '<failure');
    const ctrf = renderCtrf(report).results.tests.find((test) => test.name.startsWith(broken));
    assert.strictEqual(ctrf?.status, 'other');
    assert.strictEqual(ctrf?.rawStatus, 'error');
    assert.include(renderMarkdownSummary(report), 'suite error(s) — please report');
    assert.include(await readFile(join(reportDir, 'report.html'), 'utf8'), 'Suite errors (please report)');
  });
});
