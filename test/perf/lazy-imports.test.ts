import { assert } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Listing commands start in well under 0.3 s only while the CLI entry point imports no command
 * module statically: each brings grpc-js, protobufjs, Ajv or the renderers with it
 * (bench/startup-times.ts measures the result). A static import added back fails here.
 */
const staticImports = (relative: string): string[] =>
  readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8')
    .split('\n')
    .filter((line) => /^import\s/.test(line) && !/^import type\s/.test(line))
    .map((line) => /from\s+['"]([^'"]+)['"]/.exec(line)?.[1] ?? line);

describe('perf: start-up stays lazy', () => {
  // The flag-suggestion step and the DEP0123 filter run before yargs and import nothing heavy themselves.
  it('the CLI entry point imports only yargs, the usage error, the exit codes, the jobs default, the flag suggestions and the warning filter', () => {
    assert.sameMembers(staticImports('../../bin/openwop-conformance.js'), [
      'yargs',
      'yargs/helpers',
      '../harness/cli/command-io.js',
      '../harness/cli/usage-error.js',
      '../harness/runner/check-scheduler.js',
      './ip-servername-warning.js',
      './unhandled-rejections.js',
      '../harness/cli/flag-suggestions.js',
    ]);
  });

  it('the runner loads the reference engine, and the run command the renderers, only when used', () => {
    assert.deepEqual(
      staticImports('../../harness/runner/conformance-run.js').filter((path) => path.includes('reference-engine')),
      [],
    );
    assert.deepEqual(
      staticImports('../../harness/cli/run-command.js').filter((path) => path.includes('report-artifacts')),
      [],
    );
  });

  it('the schema registry never imports Ajv statically (it loads it only to compile at run time)', () => {
    for (const file of ['../../harness/schemas/schema-registry.js', '../../harness/schemas/schema-ajv.js', '../../harness/schemas/standalone-validators.js']) {
      assert.deepEqual(
        staticImports(file).filter((path) => path.startsWith('ajv')),
        [],
        file,
      );
    }
  });
});
