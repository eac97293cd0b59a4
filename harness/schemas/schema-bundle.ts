import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonObject } from '../support/json.js';

const SCHEMA_FILE_SUFFIX = '.schema.json';

/** The schema documents of one folder, keyed by `$id`, and a digest of their text. */
export interface SchemaBundle {
  documents: Map<string, Record<string, unknown>>;
  /** sha256 over every file's name and text, in name order: ahead-of-time validators are used only for the text they were built from. */
  digest: string;
}

/**
 * Reads every `*.schema.json` in `dir`; throws naming the file on unreadable JSON or a bad or
 * duplicate `$id` (the file name must be the last segment of the `$id`, schema-ids.ts).
 */
export function readSchemaBundle(dir: string): SchemaBundle {
  const hash = createHash('sha256');
  const documents = new Map<string, Record<string, unknown>>();
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(SCHEMA_FILE_SUFFIX))
    .sort();
  for (const file of files) {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    hash.update(`${file}\n${text}\n`);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new Error(`schema registry: ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!isJsonObject(document)) throw new Error(`schema registry: ${path} does not hold a JSON object`);
    const id = document['$id'];
    if (typeof id !== 'string' || id.length === 0) throw new Error(`schema registry: ${path} has no string $id`);
    if (!id.endsWith(`/${file}`)) throw new Error(`schema registry: ${path} has $id ${id}, which does not end with /${file}`);
    if (documents.has(id)) throw new Error(`schema registry: ${path} repeats the $id ${id}`);
    documents.set(id, document);
  }
  return { documents, digest: hash.digest('hex') };
}

/**
 * Every reference the registry compiles: each schema by `$id`, and each run-event payload
 * definition as `<payloads $id>#/$defs/<name>` (helper defs, named `_…`, are never looked up).
 */
export function validatorRefs(documents: ReadonlyMap<string, Record<string, unknown>>, payloadsId: string): string[] {
  const refs = [...documents.keys()].sort();
  const defs = documents.get(payloadsId)?.['$defs'];
  if (isJsonObject(defs)) {
    for (const name of Object.keys(defs).sort()) if (!name.startsWith('_')) refs.push(`${payloadsId}#/$defs/${name}`);
  }
  return refs;
}
