// Which of the suite's fixtures the example hosts are given (OPENWOP_FIXTURES_DIR). Only the spec's
// own fixtures: a host lists every file it is handed, so a fixture the suite invented (its node type
// named nowhere in the spec, e.g. conformance-artifact's core.conformance.artifact) would turn
// into a failure the interop setup made, not the engine. Left out, the host does not list it and
// the suite makes its requirements inapplicable (a fixture an engine does not list is never a fail).

import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Node types the spec's fixtures use (upstream conformance fixtures.md, FINAL v1; the fixture
 * JSONs plus the reference host's executor; ../shared/spec/upstream-conformance.md §2).
 */
export const SPEC_FIXTURE_NODE_TYPES: ReadonlySet<string> = new Set([
  'core.noop',
  'core.delay',
  'core.fail',
  'core.identity',
  'core.approvalGate',
  'core.clarificationGate',
  'core.interrupt',
  'core.conformance.hold',
  'core.conformance.side-effect',
  'core.conformance.mock-agent',
  'mock-ai',
]);

/** The node types of a workflow definition that the spec's fixtures never use. */
export function nonSpecNodeTypes(definition: unknown): string[] {
  const nodes = typeof definition === 'object' && definition !== null && Array.isArray((definition as { nodes?: unknown }).nodes) ? (definition as { nodes: unknown[] }).nodes : [];
  const types = nodes.map((node) => (typeof node === 'object' && node !== null ? (node as { typeId?: unknown }).typeId : undefined));
  return [...new Set(types.map((type) => (typeof type === 'string' ? type : '(no typeId)')).filter((type) => !SPEC_FIXTURE_NODE_TYPES.has(type)))];
}

export interface PreloadedFixtures {
  dir: string;
  /** Fixture file → the node types that kept it out. */
  leftOut: Record<string, string[]>;
}

/** Copies the spec fixtures among `sourceDir`'s *.json into `targetDir` (emptied first). */
export function preloadSpecFixtures(sourceDir: string, targetDir: string): PreloadedFixtures {
  rmSync(targetDir, { recursive: true, force: true });
  mkdirSync(targetDir, { recursive: true });
  const leftOut: Record<string, string[]> = {};
  for (const file of readdirSync(sourceDir).filter((name) => name.endsWith('.json')).sort()) {
    const foreign = nonSpecNodeTypes(JSON.parse(readFileSync(join(sourceDir, file), 'utf8')));
    if (foreign.length > 0) leftOut[file] = foreign;
    else copyFileSync(join(sourceDir, file), join(targetDir, file));
  }
  return { dir: targetDir, leftOut };
}
