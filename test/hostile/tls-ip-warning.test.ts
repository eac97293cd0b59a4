import { assert } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';

const BIN = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));
const tlsFile = (name: string): string => fileURLToPath(new URL(`../../../test/fixtures/tls/${name}`, import.meta.url));

/** Issue 19 item 7: no DEP0123 on a grpcs:// run to an IP address (grpc-js sets the IP as SNI). */
describe('grpcs:// to an IP address', function () {
  this.timeout(60_000);

  it('runs without the DEP0123 warning, and other warnings still print', async () => {
    const engine = await startReferenceEngine({ tls: { certPath: tlsFile('server.pem'), keyPath: tlsFile('server-key.pem') } });
    try {
      const reportDir = await mkdtemp(join(tmpdir(), 'openwop-tls-ip-'));
      const target = `grpcs://127.0.0.1:${engine.port}`;
      // A warning of another kind, raised the way Node raises DEP0123, must survive the filter.
      const child = spawn(
        process.execPath,
        [
          '--import',
          'data:text/javascript,setTimeout(()=>process.emitWarning("probe warning","DeprecationWarning","DEP9999"),0)',
          BIN,
          'run',
          '--target',
          target,
          '--ca',
          tlsFile('ca.pem'),
          '--only',
          'discovery.capabilities-stable',
          '--report-dir',
          reportDir,
        ],
        { env: { ...process.env, OPENWOP_TOKEN: '' } },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
      assert.strictEqual(code, 0, stderr);
      assert.notInclude(stderr, 'DEP0123');
      assert.include(stderr, 'DEP9999');
    } finally {
      await engine.stop();
    }
  });
});
