import { assert } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import type { ComplianceReport } from '../../harness/verdicts/results.js';
import { SchemaId } from '../../harness/schemas/schema-ids.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';

const BIN = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));

describe('interrupting a run (a real SIGINT or SIGTERM, as a CI timeout sends, to a child process)', function () {
  this.timeout(30_000);

  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    it(`ends at once on ${signal} with exit 130 and a valid partial report that says it was interrupted`, async () => {
      let sawGetRun: () => void = () => undefined;
      const engineCalled = new Promise<void>((resolve) => (sawGetRun = resolve));
      // The engine never answers anything but discovery, so the child is mid-call when interrupted.
      const engine = await startReferenceEngine({ faults: ['hostile-hang-after-discovery'], onCall: (rpc) => rpc === 'GetRun' && sawGetRun() });
      const reportDir = await mkdtemp(join(tmpdir(), 'openwop-interrupt-'));
      try {
        const child = spawn(process.execPath, [BIN, 'run', '--target', engine.url, '--report-dir', reportDir], { env: { ...process.env, OPENWOP_TOKEN: '' } });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        await engineCalled;
        const interruptedAt = Date.now();
        child.kill(signal);
        const code = await exited;
        assert.strictEqual(code, 130, stderr);
        assert.isBelow(Date.now() - interruptedAt, 10_000, 'the hung call is cancelled, not waited out');
        assert.include(stderr, 'interrupted');
        const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as ComplianceReport;
        assert.deepEqual(sharedSchemaRegistry().validate(SchemaId.complianceReport, report), []);
        assert.include(report.connectionError ?? '', 'interrupted');
        assert.strictEqual(report.verdict, 'incomplete');
        assert.isTrue(report.results.every((result) => result.disposition !== 'fail'));
      } finally {
        await engine.stop();
      }
    });
});
