import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';

/**
 * The validators `npm run build` generated ahead of time with Ajv's standalone code
 * (scripts/compile-schemas.ts), so a run does not compile ~20 schemas at start-up (~0.3 s).
 * CommonJS, because ajv-formats' standalone code `require`s its format checks.
 */
export const STANDALONE_MODULE_URL = new URL('./generated/schema-validators.cjs', import.meta.url);

interface StandaloneModule {
  digest: string;
  /** Validator reference (`$id` or `$id#/$defs/name`) → export name. */
  refs: Record<string, string>;
  [exportName: string]: unknown;
}

/**
 * The generated validators by reference, or undefined when the module is absent (sources run
 * without a build step) or was built from other schema text than `digest` (schemas/ edited since):
 * the registry then compiles at run time.
 */
export function loadStandaloneValidators(digest: string): Map<string, ValidateFunction> | undefined {
  const path = fileURLToPath(STANDALONE_MODULE_URL);
  if (!existsSync(path)) return undefined;
  const loaded = createRequire(import.meta.url)(path) as StandaloneModule;
  if (loaded.digest !== digest) return undefined;
  const validators = new Map<string, ValidateFunction>();
  for (const [ref, exportName] of Object.entries(loaded.refs)) {
    const validator = loaded[exportName];
    if (typeof validator === 'function') validators.set(ref, validator as ValidateFunction);
  }
  return validators;
}
