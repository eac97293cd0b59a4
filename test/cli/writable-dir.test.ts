import { assert } from 'chai';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureWritableDir } from '../../harness/cli/writable-dir.js';

describe('--report-dir creation', () => {
  it('lets many processes create sibling report dirs under one new parent at once (the self-test does)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'owc-dirs-'));
    // Every call finds the shared parents missing and makes them: all but one then meet EEXIST.
    const dirs = Array.from({ length: 24 }, (_, index) => join(root, 'selftest', 'deeper', `entry-${index}`));
    const outcomes = await Promise.allSettled(dirs.map((dir) => ensureWritableDir(dir)));
    assert.deepEqual(
      outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => String(outcome.reason)),
      [],
    );
    for (const dir of dirs) assert.isTrue((await stat(dir)).isDirectory(), dir);
  });
});
