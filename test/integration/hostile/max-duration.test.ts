import { assert } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReferenceEngine } from '../../../fixtures/reference-engine/index.js';
import type { ComplianceReport } from '../../../harness/verdicts/results.js';
import { SchemaId } from '../../../harness/schemas/schema-ids.js';
import { sharedSchemaRegistry } from '../../../harness/schemas/schema-registry.js';
import { REQUIREMENTS } from '../../../harness/requirements/registry.js';
import { RunBudget, budgetHeadline, defaultBudgetMs, stopHeadline } from '../../../harness/runner/run-budget.js';

const BIN = fileURLToPath(new URL('../../../bin/openwop-conformance.js', import.meta.url));

describe("--max-duration: the run's global time budget", function () {
  this.timeout(30_000);

  it('derives the default from the selected requirements and scales it with --timeout-scale', () => {
    const noop = REQUIREMENTS.all.filter((requirement) => requirement.id === 'lifecycle.noop-completes');
    assert.lengthOf(noop, 1);
    // 60 s set-up + (5 s + the 5 s bound of conformance-noop).
    assert.strictEqual(defaultBudgetMs(noop, 1), 70_000);
    assert.strictEqual(defaultBudgetMs(noop, 2), 140_000);
    assert.strictEqual(defaultBudgetMs([], 1), 60_000);
    assert.isAbove(defaultBudgetMs(REQUIREMENTS.all, 1), defaultBudgetMs(noop, 1));
  });

  it('tells a spent budget from a Ctrl-C on the shared stop signal', async () => {
    const user = new AbortController();
    const interrupted = new RunBudget(60_000, user.signal);
    user.abort();
    assert.isTrue(interrupted.signal.aborted);
    assert.isUndefined(interrupted.expired);
    assert.isUndefined(stopHeadline(interrupted.signal));
    interrupted.dispose();

    const spent = new RunBudget(10);
    await new Promise<void>((resolve) => spent.signal.addEventListener('abort', () => resolve(), { once: true }));
    assert.strictEqual(spent.expired, budgetHeadline(0.01));
    assert.strictEqual(stopHeadline(spent.signal), "the run's time budget (--max-duration 0.01 s) ran out");
  });

  it('ends a run against a hung engine near the budget, with a valid report, a headline and exit 2', async () => {
    // Every RPC after discovery hangs; the circuit alone would need three 10 s deadlines.
    const engine = await startReferenceEngine({ faults: ['hostile-hang-after-discovery'] });
    const reportDir = await mkdtemp(join(tmpdir(), 'openwop-budget-'));
    try {
      const started = Date.now();
      const child = spawn(process.execPath, [BIN, 'run', '--target', engine.url, '--report-dir', reportDir, '--max-duration', '2'], {
        env: { ...process.env, OPENWOP_TOKEN: '' },
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
      const elapsed = Date.now() - started;
      assert.strictEqual(code, 2, stderr);
      assert.isAtLeast(elapsed, 2_000, 'the budget is not cut short');
      // Not a speed target: without the budget the circuit needs three 10 s call deadlines (30 s and
      // more), so any end well below that was the budget's; start-up and report writing on a loaded
      // 2-core machine take several seconds on their own.
      assert.isBelow(elapsed, 25_000, 'the budget, not the health circuit, ended the run');
      assert.include(stdout + stderr, "the run's time budget (--max-duration 2 s) ran out");
      const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as ComplianceReport;
      assert.deepEqual(sharedSchemaRegistry().validate(SchemaId.complianceReport, report), []);
      assert.strictEqual(report.connectionError, "the run's time budget (--max-duration 2 s) ran out");
      assert.strictEqual(report.verdict, 'incomplete');
      const blocked = report.results.filter((result) => result.disposition === 'blocked');
      assert.isAbove(blocked.length, 0);
      assert.isTrue(blocked.every((result) => (result.reason ?? '').includes("the run's time budget (--max-duration 2 s) ran out")));
      assert.isTrue(report.results.every((result) => result.disposition !== 'fail'));
    } finally {
      await engine.stop();
    }
  });

  it('refuses a budget that is not a positive number with one line and exit 2', async () => {
    const child = spawn(process.execPath, [
      BIN,
      'run',
      '--target',
      'reference',
      '--max-duration',
      '0',
      '--report-dir',
      join(tmpdir(), 'openwop-budget-unused'),
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    assert.strictEqual(code, 2);
    assert.strictEqual(stderr.trim(), 'openwop-conformance: --max-duration must be a positive number of seconds, got 0');
  });
});
