import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The package root (the folder holding package.json, proto/, schemas/, fixtures/). Found by walking
 * up from this module, so it works both from sources and from the compiled dist/ tree.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'proto'))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('openwop-conformance: cannot find the package root (package.json beside proto/)');
    dir = parent;
  }
}

export const packagePath = (...segments: string[]): string => join(packageRoot(), ...segments);

export const ENGINE_PROTO_PATH = (): string => packagePath('proto', 'openwop', 'v1', 'engine.proto');
export const SCHEMAS_DIR = (): string => packagePath('schemas');
export const WORKFLOW_FIXTURES_DIR = (): string => packagePath('fixtures', 'workflows');
