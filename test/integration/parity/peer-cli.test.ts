import { assert } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/openwop-conformance.js', import.meta.url));

function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, OPENWOP_TOKEN: '' } }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
    });
  });
}

describe('parity: --rest and --grpc on the command line', function () {
  this.timeout(30_000);

  const refused = async (args: string[], says: string): Promise<void> => {
    const reportDir = await mkdtemp(join(tmpdir(), 'parity-cli-'));
    const { code, stderr } = await cli(['run', '--report-dir', reportDir, ...args]);
    assert.strictEqual(code, 2);
    const lines = stderr.trim().split('\n');
    assert.lengthOf(lines, 1, stderr);
    assert.notInclude(stderr, '    at ');
    assert.include(stderr, says);
  };

  it('refuses --grpc with a gRPC target in one line, pointing at --rest', async () => {
    await refused(['--target', 'grpc://127.0.0.1:1', '--grpc', 'grpc://127.0.0.1:2'], 'use --rest <url>');
  });

  it('refuses a peer URL no client serves in one line, naming the flag', async () => {
    await refused(['--target', 'grpc://127.0.0.1:1', '--rest', 'ftp://127.0.0.1:2'], '--rest invalid peer surface');
  });
});
