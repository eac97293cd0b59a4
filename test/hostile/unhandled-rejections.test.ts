import { assert } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MODULE = fileURLToPath(new URL('../../bin/unhandled-rejections.js', import.meta.url));

/** Runs a tiny program that leaks a rejected promise, with and without the suite's handler. */
function leak(withHandler: boolean): Promise<{ code: number | null; stderr: string }> {
  const program = `${withHandler ? `import(${JSON.stringify(MODULE)}).then((m) => { m.reportUnhandledRejections((line) => process.stderr.write(line + '\\n')); ` : 'Promise.resolve().then(() => { '}Promise.reject(new Error('an answer nobody read')); setTimeout(() => process.stdout.write('still running'), 50); });`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', program]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('a promise the suite leaves rejected', () => {
  it('without the handler ends the process (Node default), with it the run goes on and says it is a suite bug', async function () {
    this.timeout(20_000);
    const bare = await leak(false);
    assert.notStrictEqual(bare.code, 0);
    const handled = await leak(true);
    assert.strictEqual(handled.code, 0, handled.stderr);
    assert.match(
      handled.stderr,
      /^openwop-conformance: suite bug \(please report\): a promise rejected with nobody waiting for it; .*Error: an answer nobody read/,
    );
  });
});
