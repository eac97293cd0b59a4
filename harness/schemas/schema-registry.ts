import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { isJsonObject } from '../support/json.js';
import { SCHEMAS_DIR } from '../support/package-paths.js';
import { SchemaId } from './schema-ids.js';
import { readSchemaBundle } from './schema-bundle.js';
import { createSuiteAjv } from './schema-ajv.js';
import { loadStandaloneValidators } from './standalone-validators.js';

/** One schema violation, detached from Ajv's error type so reports and tests don't depend on it. */
export interface SchemaIssue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message: string;
}

/** Long Ajv error lists are noise in a report; the first few locate the problem. */
const MAX_ISSUES = 20;
/** Event types whose payload validator is remembered. */
const MAX_CACHED_TYPES = 1_000;

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
      return Array.isArray(params['allowedValues'])
        ? `${message}: ${params['allowedValues'].map((value) => JSON.stringify(value)).join(', ')}${got(error)}`
        : message;
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
 * Every JSON Schema under schemas/, keyed by `$id` so cross-file `$ref`s resolve
 * (runs-events-digest §0). Validators come from the module `npm run build` generated with Ajv's
 * standalone code when it matches the schema text; otherwise all schemas go into one Ajv 2020-12
 * instance and validators are compiled on first use. Either way they are cached.
 */
export class SchemaRegistry {
  private ajv: Ajv2020 | undefined;
  /** Compiled validators by `$id` or `$id#/$defs/<name>`. */
  private readonly validators: Map<string, ValidateFunction>;
  /** Event type → its payload validator, null for a type without a def. */
  private readonly payloadValidators = new Map<string, ValidateFunction | null>();

  private constructor(
    /** Raw schema documents by `$id`, kept to answer "is there a payload def for this type". */
    private readonly documents: Map<string, Record<string, unknown>>,
    /** True when the validators were generated at build time. */
    readonly precompiled: boolean,
    validators: Map<string, ValidateFunction> | undefined,
  ) {
    this.validators = validators ?? new Map<string, ValidateFunction>();
  }

  /**
   * Loads every `*.schema.json` in `dir`; throws naming the file on unreadable JSON or a bad or
   * duplicate `$id`, and (compiling at run time) on a schema Ajv rejects. `standalone: false`
   * ignores the generated validators (tests compare both).
   */
  static load(dir: string = SCHEMAS_DIR(), options: { standalone?: boolean } = {}): SchemaRegistry {
    const bundle = readSchemaBundle(dir);
    const generated = options.standalone === false ? undefined : loadStandaloneValidators(bundle.digest);
    const registry = new SchemaRegistry(bundle.documents, generated !== undefined, generated);
    if (!generated) registry.runtimeAjv();
    return registry;
  }

  /** The run-time compiler, built on first need: every schema added, so `$ref`s across files resolve. */
  private runtimeAjv(): Ajv2020 {
    if (this.ajv) return this.ajv;
    const ajv = createSuiteAjv();
    for (const [id, document] of this.documents) {
      try {
        ajv.addSchema(document);
      } catch (error) {
        throw new Error(`schema registry: ${id.split('/').pop() ?? id} was rejected: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    }
    this.ajv = ajv;
    return ajv;
  }

  /** The raw schema document of `$id` (for readers that walk its properties, e.g. parity); undefined when not loaded. */
  document(schemaId: string): Readonly<Record<string, unknown>> | undefined {
    return this.documents.get(schemaId);
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
    const validator = this.payloadValidator(type);
    if (!validator) return { known: false, issues: [] };
    return { known: true, issues: validator(payload) ? [] : toIssues(validator.errors) };
  }

  /** Whether the suite knows this run-event type (its payload has a def): SSE readers use it to tell run-event frames from unknown ones. */
  knowsEventType(type: string): boolean {
    return this.payloadValidator(type) !== null;
  }

  /** The payload validator of an event type, or null when there is no def; cached per type (a stream repeats a few types many times). */
  private payloadValidator(type: string): ValidateFunction | null {
    const cached = this.payloadValidators.get(type);
    if (cached !== undefined) return cached;
    const defName = eventPayloadDefName(type);
    const defs = this.documents.get(SchemaId.runEventPayloads)?.['$defs'];
    // Helper defs start with "_" and must never be mistaken for an event type (RFC 0094 §G: unknown types are ignored).
    const known = defName.length > 0 && !defName.startsWith('_') && isJsonObject(defs) && Object.hasOwn(defs, defName);
    const validator = known ? this.validator(`${SchemaId.runEventPayloads}#/$defs/${defName}`) : null;
    // Bounded: an engine inventing a new type per event must not grow the cache without end.
    if (this.payloadValidators.size < MAX_CACHED_TYPES) this.payloadValidators.set(type, validator);
    return validator;
  }

  /** Compiles a schema (or a `#/$defs/…` fragment of one) once and caches it. */
  private validator(ref: string): ValidateFunction {
    const cached = this.validators.get(ref);
    if (cached) return cached;
    const compiled = this.runtimeAjv().getSchema(ref);
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
