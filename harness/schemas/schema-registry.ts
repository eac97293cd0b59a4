import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { isJsonObject } from '../support/json.js';
import { SCHEMAS_DIR } from '../support/package-paths.js';
import { SchemaId } from './schema-ids.js';

/** One schema violation, detached from Ajv's error type so reports and tests don't depend on it. */
export interface SchemaIssue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message: string;
}

/** Long Ajv error lists are noise in a report; the first few locate the problem. */
const MAX_ISSUES = 20;
const SCHEMA_FILE_SUFFIX = '.schema.json';

// ajv-formats is CommonJS with an `exports.default`; under module Node16 the default import is the
// whole module object, at runtime it is the plugin function itself (which also carries `.default`).
const addFormats = addFormatsModule.default;

/**
 * The `$defs` key of a run-event type's payload schema: the camelCase of the type, splitting on
 * `.`, `-` and `_` and keeping inner capitals (`replay.divergedAtRefusal` → `replayDivergedAtRefusal`,
 * `connector.auth_expired` → `connectorAuthExpired`). runs-events-digest §1.3.
 */
export function eventPayloadDefName(type: string): string {
  const parts = type.split(/[.\-_]+/).filter((part) => part.length > 0);
  return parts.map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1))).join('');
}

/** `at /protocolVersion: must match pattern "^…$" (pattern)`; the document root reads `(root)`. */
export function formatSchemaIssue(issue: SchemaIssue): string {
  const where = issue.instancePath === '' ? '(root)' : issue.instancePath;
  return `at ${where}: ${issue.message} (${issue.keyword})`;
}

/** The offending value, short, for keywords where seeing it explains the finding. */
function got(error: ErrorObject): string {
  const text = JSON.stringify(error.data) ?? String(error.data);
  return ` (got ${text.length > 80 ? `${text.slice(0, 80)}…` : text})`;
}

/** Ajv's default messages omit the offending name, the allowed values or the value sent; add them where it helps. */
function describeError(error: ErrorObject): string {
  const message = error.message ?? 'is invalid';
  const params: Record<string, unknown> = error.params;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${message}: "${String(params['additionalProperty'])}"`;
    case 'unevaluatedProperties':
      return `${message}: "${String(params['unevaluatedProperty'])}"`;
    case 'enum':
      return Array.isArray(params['allowedValues']) ? `${message}: ${params['allowedValues'].map((value) => JSON.stringify(value)).join(', ')}${got(error)}` : message;
    case 'const':
      return `${message}: ${JSON.stringify(params['allowedValue'])}${got(error)}`;
    case 'type':
    case 'pattern':
    case 'format':
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
      return `${message}${got(error)}`;
    default:
      return message;
  }
}

function toIssues(errors: ErrorObject[] | null | undefined): SchemaIssue[] {
  return (errors ?? []).slice(0, MAX_ISSUES).map((error) => ({
    instancePath: error.instancePath,
    schemaPath: error.schemaPath,
    keyword: error.keyword,
    message: describeError(error),
  }));
}

/**
 * Every JSON Schema under schemas/ in one Ajv 2020-12 instance, keyed by `$id` so cross-file `$ref`s
 * resolve (runs-events-digest §0). Validators are compiled on first use and cached.
 */
export class SchemaRegistry {
  private readonly ajv: Ajv2020;
  /** Raw schema documents by `$id`, kept to answer "is there a payload def for this type". */
  private readonly documents = new Map<string, Record<string, unknown>>();
  /** Compiled validators by `$id` or `$id#/$defs/<name>`. */
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor() {
    // strict: our own schemas must be clean; $data stays off (schemas are data, never code paths).
    // verbose: errors carry the offending value, which the messages quote.
    this.ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
    addFormats(this.ajv);
  }

  /** Loads every `*.schema.json` in `dir`; throws naming the file on unreadable JSON or a bad/duplicate `$id`. */
  static load(dir: string = SCHEMAS_DIR()): SchemaRegistry {
    const registry = new SchemaRegistry();
    const files = readdirSync(dir)
      .filter((name) => name.endsWith(SCHEMA_FILE_SUFFIX))
      .sort();
    for (const file of files) {
      const path = join(dir, file);
      let document: unknown;
      try {
        document = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        throw new Error(`schema registry: ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!isJsonObject(document)) throw new Error(`schema registry: ${path} does not hold a JSON object`);
      const id = document['$id'];
      if (typeof id !== 'string' || id.length === 0) throw new Error(`schema registry: ${path} has no string $id`);
      // The file name is the last segment of the $id (schema-ids.ts), so a copy-paste slip is caught here.
      if (!id.endsWith(`/${file}`)) throw new Error(`schema registry: ${path} has $id ${id}, which does not end with /${file}`);
      if (registry.documents.has(id)) throw new Error(`schema registry: ${path} repeats the $id ${id}`);
      try {
        registry.ajv.addSchema(document);
      } catch (error) {
        throw new Error(`schema registry: ${path} was rejected: ${error instanceof Error ? error.message : String(error)}`);
      }
      registry.documents.set(id, document);
    }
    return registry;
  }

  /** The `$id`s loaded, sorted. */
  ids(): string[] {
    return [...this.documents.keys()].sort();
  }

  /** Issues found validating `value` against the schema `schemaId`; [] when valid. Unknown ids throw. */
  validate(schemaId: string, value: unknown): SchemaIssue[] {
    if (!this.documents.has(schemaId)) throw new Error(`schema registry: unknown schema ${schemaId}`);
    const validator = this.validator(schemaId);
    return validator(value) ? [] : toIssues(validator.errors);
  }

  /** Validates a run-event payload against run-event-payloads#/$defs/<camelCase(type)>; known=false when no def exists (caller warns, never fails). */
  validateEventPayload(type: string, payload: unknown): { known: boolean; issues: SchemaIssue[] } {
    const defName = eventPayloadDefName(type);
    const defs = this.documents.get(SchemaId.runEventPayloads)?.['$defs'];
    // Helper defs start with "_" and must never be mistaken for an event type (RFC 0094 §G: unknown types are ignored).
    const known = defName.length > 0 && !defName.startsWith('_') && isJsonObject(defs) && Object.hasOwn(defs, defName);
    if (!known) return { known: false, issues: [] };
    const validator = this.validator(`${SchemaId.runEventPayloads}#/$defs/${defName}`);
    return { known: true, issues: validator(payload) ? [] : toIssues(validator.errors) };
  }

  /** Compiles a schema (or a `#/$defs/…` fragment of one) once and caches it. */
  private validator(ref: string): ValidateFunction {
    const cached = this.validators.get(ref);
    if (cached) return cached;
    const compiled = this.ajv.getSchema(ref);
    if (!compiled) throw new Error(`schema registry: cannot resolve ${ref}`);
    this.validators.set(ref, compiled);
    return compiled;
  }
}

let shared: SchemaRegistry | undefined;

/** The process-wide registry over the bundled schemas/, loaded on first use. */
export function sharedSchemaRegistry(): SchemaRegistry {
  shared ??= SchemaRegistry.load();
  return shared;
}
