import { assert } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { runConformance } from '../../harness/runner/conformance-run.js';
import { renderCtrf } from '../../reporters/ctrf-renderer.js';
import { renderHtmlReport } from '../../reporters/html-report.js';
import { renderMarkdownSummary } from '../../reporters/markdown-summary.js';

const BIN = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));

/** The CLI as a child process, without blocking this one (the engine under test runs here). */
const cli = (args: string[]): Promise<{ status: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

/** Issue 19 item 7: what a report says is what happened (duration, profiles, repro lines). */
describe('report truths', function () {
  this.timeout(120_000);

  it('a gRPC run: CTRF duration is wall-clock, rest-framing is "other transport" (never "no requirements yet"), a repro line names grpcurl and offers the suite\'s own call', async () => {
    const { report } = await runConformance({
      target: 'reference',
      only: ['workflow.*', 'discovery.*'],
      requireBehavior: false,
      timeoutScale: 1,
      faults: ['workflow-wrong-id'],
      jobs: 4,
    });
    const ctrf = renderCtrf(report);
    assert.strictEqual(ctrf.results.summary.duration, Date.parse(report.finishedAt) - Date.parse(report.startedAt));
    const summed = report.results.reduce((total, result) => total + result.durationMs, 0);
    assert.isAbove(summed, 0);
    for (const text of [renderMarkdownSummary(report), renderHtmlReport(report)]) {
      assert.notMatch(text, /no requirements in this suite version yet\)?:[^.]*rest-framing/);
      assert.match(text, /Not assessed on a gRPC run \(their requirements concern the other transport\): [^.]*rest-framing/);
    }
    // workflow.id-echoed reads definitions fetched once per run; its failure still carries the GetWorkflow that returned one.
    const echoed = report.results.find((result) => result.requirementId === 'workflow.id-echoed');
    assert.strictEqual(echoed?.disposition, 'fail');
    const repro = echoed?.repro ?? '';
    assert.match(
      repro,
      /openwop-conformance\.js call --target grpc:\/\/127\.0\.0\.1:50051 --token openwop-repro GetWorkflow '\{"workflowId":"conformance-[a-z-]+"\}'; kill %1/,
    );
    assert.include(repro, '# or, with grpcurl installed (not bundled with the suite): grpcurl -plaintext');
  });

  it('openwop-conformance call replays one RPC: the reply as JSON, or the error with its envelope and exit 1', async () => {
    const engine = await startReferenceEngine({ token: 'tk' });
    try {
      const ok = await cli(['call', '--target', engine.url, '--token', 'tk', 'GetWorkflow', '{"workflowId":"conformance-noop"}']);
      assert.strictEqual(ok.status, 0, ok.stderr);
      assert.strictEqual((JSON.parse(ok.stdout) as { workflow: { id: string } }).workflow.id, 'conformance-noop');
      const refused = await cli(['call', '--target', engine.url, '--token', 'tk', 'GetRun', '{"runId":"absent"}']);
      assert.strictEqual(refused.status, 1);
      assert.deepInclude(JSON.parse(refused.stdout) as object, { code: 'NOT_FOUND' });
      const unknown = await cli(['call', '--target', engine.url, 'GetRuns', '{}']);
      assert.strictEqual(unknown.status, 2);
      assert.include(unknown.stderr, 'unknown RPC "GetRuns"');
    } finally {
      await engine.stop();
    }
  });
});
