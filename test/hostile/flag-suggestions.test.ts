import { assert } from 'chai';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { closestFlag, unknownFlagsMessage } from '../../harness/cli/flag-suggestions.js';

const BIN = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));

/** Issue 19 item 7: a mistyped flag is named, with the flag that was meant. */
describe('mistyped flags', () => {
  it('suggests the closest declared flag, once per typed flag, and nothing for a far one', () => {
    const known = ['target', 'report-dir', 'quiet', 'only', 'help'];
    assert.strictEqual(closestFlag('targt', known), 'target');
    assert.isUndefined(closestFlag('frobnicate', known));
    assert.strictEqual(
      unknownFlagsMessage({ _: ['run'], $0: 'x', target: 'reference', 'report-dri': 'd', reportDri: 'd' }, known),
      'unknown flag --report-dri (did you mean --report-dir?)',
    );
    assert.isUndefined(unknownFlagsMessage({ _: [], $0: 'x', reportDir: 'd', 'report-dir': 'd' }, known));
  });

  it('the CLI names a mistyped required flag instead of calling it missing (exit 2, one line)', () => {
    const result = spawnSync(process.execPath, [BIN, 'run', '--targt', 'reference', '--report-dri', '/tmp/x'], { encoding: 'utf8' });
    assert.strictEqual(result.status, 2);
    assert.strictEqual(result.stderr.trim(), 'openwop-conformance: unknown flags --targt (did you mean --target?), --report-dri (did you mean --report-dir?)');
  });
});
