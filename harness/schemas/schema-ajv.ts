import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';

type AjvModule = typeof import('ajv/dist/2020.js');
type FormatsModule = typeof import('ajv-formats');

const require = createRequire(import.meta.url);

/**
 * The one Ajv 2020-12 configuration the suite validates with, loaded on demand: a run whose
 * validators were generated at build time never loads Ajv's compiler (~0.1 s) or compiles (~0.3 s).
 * strict: our own schemas must be clean; $data stays off (schemas are data, never code paths).
 * verbose: errors carry the offending value, which the messages quote. `source` keeps the code for
 * Ajv's standalone generation (scripts/compile-schemas.ts).
 */
export function createSuiteAjv(options: { source?: boolean } = {}): Ajv2020 {
  const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as AjvModule;
  // ajv-formats is CommonJS with `exports.default`; required, the module is the plugin function itself.
  const formats = require('ajv-formats') as FormatsModule;
  const ajv = new AjvClass({ allErrors: true, strict: true, verbose: true, ...(options.source && { code: { source: true } }) });
  formats.default(ajv);
  return ajv;
}
