import { assert } from 'chai';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { packagePath } from '../../harness/support/package-paths.js';

/**
 * The reference engine is a second implementation: if it shared the harness's codec, client or
 * validators, a bug in them would cancel out and hide itself. This pins that it imports nothing
 * from harness/.
 */
describe('reference engine independence', () => {
  it('imports nothing from harness/', async () => {
    const dir = packagePath('fixtures', 'reference-engine');
    const files = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.ts'));
    assert.isAbove(files.length, 5);
    const offenders: string[] = [];
    for (const name of files) {
      const source = await readFile(join(dir, name), 'utf8');
      if (/from\s+['"][^'"]*harness\//.test(source) || /import\(\s*['"][^'"]*harness\//.test(source)) offenders.push(name);
    }
    assert.deepEqual(offenders, []);
  });
});
