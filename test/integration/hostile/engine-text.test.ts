import { assert } from 'chai';
import { startReferenceEngine } from '../../../fixtures/reference-engine/index.js';
import { runConformance } from '../../../harness/runner/conformance-run.js';
import { MAX_CONSOLE_LINE, MAX_ENGINE_TEXT, capConsoleLine, capEngineText } from '../../../harness/support/engine-text.js';
import { renderConsoleSummary } from '../../../reporters/console-summary.js';

describe('engine-derived text is bounded (capEngineText)', function () {
  this.timeout(90_000);

  it('keeps short text, cuts long text saying how much was left out, and keeps one field on one line', () => {
    assert.strictEqual(capEngineText('GetRun answered NOT_FOUND'), 'GetRun answered NOT_FOUND');
    const long = 'x'.repeat(MAX_ENGINE_TEXT + 250);
    assert.strictEqual(capEngineText(long), `${'x'.repeat(MAX_ENGINE_TEXT)}… (250 more characters)`);
    assert.strictEqual(capEngineText('a\nforged line\u001b[2J'), 'a forged line [2J');
    assert.strictEqual(capEngineText('abcdef', 3), 'abc… (3 more characters)');
    const line = 'y'.repeat(MAX_CONSOLE_LINE * 3);
    assert.isAtMost(capConsoleLine(line).length, MAX_CONSOLE_LINE + 80);
    assert.include(capConsoleLine(line), `${MAX_CONSOLE_LINE * 2} more characters`);
  });

  it('20,000 advertised fixtures: each fetched once per run, and every console line and report field stays bounded', async () => {
    let getWorkflowCalls = 0;
    const engine = await startReferenceEngine({
      faults: ['hostile-twenty-thousand-fixtures'],
      onCall: (rpc) => rpc === 'GetWorkflow' && (getWorkflowCalls += 1),
    });
    try {
      const { report, exitCode } = await runConformance({ target: engine.url, only: ['workflow.*'], requireBehavior: false, timeoutScale: 1, faults: [] });
      assert.strictEqual(exitCode, 1);
      // Three workflow checks read the fixtures: fetched per check it would be 60,000 calls.
      assert.isAtLeast(getWorkflowCalls, 20_000);
      assert.isBelow(getWorkflowCalls, 20_050, 'each advertised fixture is fetched once per run');
      const served = report.results.find((result) => result.requirementId === 'workflow.advertised-fixtures-served');
      assert.strictEqual(served?.disposition, 'fail');
      assert.include(served?.reason ?? '', 'advertised fixtures that GetWorkflow does not return');
      for (const result of report.results) {
        for (const text of [result.reason, result.expected, result.actual, ...result.warnings]) {
          if (typeof text === 'string') assert.isAtMost(text.length, MAX_ENGINE_TEXT + 40, `${result.requirementId}: a capped field`);
        }
      }
      const lines = renderConsoleSummary(report, '/tmp/report.json');
      assert.isAbove(lines.length, 0);
      for (const line of lines) assert.isAtMost(line.length, MAX_CONSOLE_LINE + 80, 'a console line');
      // The raw document is kept whole in the report, so nothing is lost by the caps.
      const fixtures = report.capabilities?.['fixtures'];
      assert.isTrue(Array.isArray(fixtures) && fixtures.length > 20_000);
    } finally {
      await engine.stop();
    }
  });
});
