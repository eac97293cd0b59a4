import { assert } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { packageRoot } from '../harness/support/package-paths.js';

/**
 * The layers (ARCHITECTURE in README): the CLI on top (commands, usage errors, exit codes), then the
 * runner, then verdicts and waits, then transport; reporters render what the runner produced and
 * never reach back into it; the self-test judges runs from its own folder. Walked over the sources
 * (type-only imports included: a type cycle is still a cycle), with TypeScript's own import scanner.
 */

/** A layer is `harness/<folder>` or a top-level folder (`reporters`). */
type Layer = string;

/** For each layer, the layers it must never import. */
const FORBIDDEN: Record<Layer, readonly Layer[]> = {
  'harness/runner': ['harness/cli', 'harness/selftest'],
  reporters: ['harness/cli', 'harness/runner', 'harness/selftest'],
  'harness/selftest': ['harness/cli', 'harness/runner'],
  'harness/verdicts': ['harness/cli', 'harness/runner', 'harness/selftest', 'reporters'],
  'harness/waits': ['harness/cli', 'harness/runner', 'harness/selftest', 'reporters'],
  'harness/transport': ['harness/cli', 'harness/runner', 'harness/selftest', 'reporters', 'harness/waits', 'harness/verdicts', 'harness/schemas'],
  'harness/support': ['harness/cli', 'harness/runner', 'harness/selftest', 'reporters', 'harness/waits', 'harness/verdicts', 'harness/transport'],
};

/**
 * Upward imports that exist today in transport (outcome types and the schema registry used by two
 * REST readers); the RPC-table work moves them. Listed so that no new one can slip in.
 */
const KNOWN_EXCEPTIONS = new Set([
  'harness/transport/rest/uncarried-request.ts -> harness/verdicts/outcome-errors.ts',
  'harness/transport/rest/http-status-finding.ts -> harness/verdicts/outcome-errors.ts',
  'harness/transport/rest/sse-event-stream.ts -> harness/schemas/schema-registry.ts',
]);

const SCANNED = ['harness', 'reporters'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const posix = (path: string): string => path.split(sep).join('/');

/** Every relative import of one source (static, type-only, re-export and dynamic), as package-relative .ts paths. */
export function importsOf(root: string, file: string, text: string): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => posix(relative(root, resolve(dirname(file), name.replace(/\.js$/, '.ts')))));
}

export function layerOf(path: string): Layer {
  const [top, folder] = path.split('/');
  return top === 'harness' && folder !== undefined ? `harness/${folder}` : (top ?? path);
}

/** The edges that break a rule: `from -> to`, for every import whose target layer its source layer may not use. */
export function violations(edges: readonly [string, string][]): string[] {
  return edges
    .filter(([from, to]) => (FORBIDDEN[layerOf(from)] ?? []).includes(layerOf(to)))
    .map(([from, to]) => `${from} -> ${to}`)
    .filter((edge) => !KNOWN_EXCEPTIONS.has(edge));
}

describe('layers: imports only go down', () => {
  const root = packageRoot();
  const edges: [string, string][] = SCANNED.flatMap((top) =>
    sourceFiles(join(root, top)).flatMap((file) =>
      importsOf(root, file, readFileSync(file, 'utf8')).map((to): [string, string] => [posix(relative(root, file)), to]),
    ),
  );

  it('walks the real graph (the runner reaches transport and verdicts; the CLI reaches the runner)', () => {
    const layerEdges = new Set(edges.map(([from, to]) => `${layerOf(from)} -> ${layerOf(to)}`));
    for (const expected of [
      'harness/runner -> harness/transport',
      'harness/runner -> harness/verdicts',
      'harness/cli -> harness/runner',
      'reporters -> harness/verdicts',
    ]) {
      assert.isTrue(layerEdges.has(expected), `${expected} is in the graph`);
    }
  });

  it('no import goes from the runner or the reporters to the CLI, nor from any layer to one above it', () => {
    assert.deepEqual(violations(edges), []);
  });

  it('the known upward imports in transport still exist (remove an entry once it is gone)', () => {
    const present = new Set(edges.map(([from, to]) => `${from} -> ${to}`));
    assert.deepEqual(
      [...KNOWN_EXCEPTIONS].filter((edge) => !present.has(edge)),
      [],
    );
  });

  it('would catch the runner importing the CLI, by a type-only import too', () => {
    const file = join(root, 'harness', 'runner', 'example.ts');
    const found = importsOf(root, file, "import type { UsageError } from '../cli/usage-error.js';\nconst later = await import('../cli/run-command.js');");
    assert.deepEqual(found, ['harness/cli/usage-error.ts', 'harness/cli/run-command.ts']);
    assert.deepEqual(violations(found.map((to): [string, string] => ['harness/runner/example.ts', to])), [
      'harness/runner/example.ts -> harness/cli/usage-error.ts',
      'harness/runner/example.ts -> harness/cli/run-command.ts',
    ]);
  });
});
