import { assert } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('token secrecy', function () {
  this.timeout(120_000);

  it('never writes the full or the limited token to the console or to any file the run produces', async () => {
    const token = `full-${Date.now()}-c0ffee`;
    const limitedToken = `limited-${Date.now()}-decaf`;
    const reportDir = await mkdtemp(join(tmpdir(), 'openwop-secrecy-'));
    // The whole suite with auth on, including the checks that send the limited and invalid tokens.
    const output = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'run', '--target', 'reference', '--token', token, '--limited-token', limitedToken, '--report-dir', reportDir],
        (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`),
      );
    });
    assert.include(output, 'CONFORMANT');
    const files = await filesUnder(reportDir);
    assert.isNotEmpty(files);
    for (const text of [output, ...(await Promise.all(files.map((file) => readFile(file, 'utf8'))))]) {
      assert.notInclude(text, token);
      assert.notInclude(text, limitedToken);
    }
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as { results: { area: string; disposition: string }[] };
    const auth = report.results.filter((result) => result.area === 'auth');
    assert.deepEqual(
      auth.map((result) => result.disposition),
      auth.map(() => 'pass'),
    );
  });
});
