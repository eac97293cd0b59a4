import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { assert } from 'chai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { isJsonObject } from '../harness/support/json.js';
import { SCHEMAS_DIR, WORKFLOW_FIXTURES_DIR } from '../harness/support/package-paths.js';
import { AREAS } from '../harness/requirements/requirement.js';
import { DISPOSITIONS } from '../harness/verdicts/results.js';
import { RPC_NAMES } from '../harness/transport/rpc-names.js';
import { SCHEMA_BASE, SchemaId, type SchemaKey } from '../harness/schemas/schema-ids.js';
import { CASES, capabilities, snapshot, suspendApproval, workflow } from './support/schema-examples.js';
import { SchemaRegistry, eventPayloadDefName, formatSchemaIssue, sharedSchemaRegistry, type SchemaIssue } from '../harness/schemas/schema-registry.js';

const registry = SchemaRegistry.load();

function readSchemaFile(key: SchemaKey): Record<string, unknown> {
  const file = join(SCHEMAS_DIR(), basename(SchemaId[key]));
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isJsonObject(parsed)) throw new Error(`${file} is not an object`);
  return parsed;
}

function payloadDefNames(): string[] {
  const defs = readSchemaFile('runEventPayloads')['$defs'];
  return isJsonObject(defs) ? Object.keys(defs) : [];
}

/** Reads a nested value out of a parsed schema, e.g. ['$defs', 'requirementResult', 'properties']. */
function dig(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) current = isJsonObject(current) ? current[key] : undefined;
  return current;
}

const keywords = (issues: SchemaIssue[]): string[] => issues.map((issue) => issue.keyword);

// ---------- minimal valid documents ----------

describe('schema registry', () => {
  describe('loading', () => {
    it('loads exactly one schema per SchemaId, named after the last $id segment', () => {
      assert.deepEqual(registry.ids(), Object.values(SchemaId).sort());
      const files = readdirSync(SCHEMAS_DIR())
        .filter((name) => name.endsWith('.schema.json'))
        .sort();
      assert.deepEqual(
        files,
        Object.values(SchemaId)
          .map((id) => basename(id))
          .sort(),
      );
    });

    it('every schema declares draft 2020-12, a title and a description', () => {
      for (const key of Object.keys(SchemaId) as SchemaKey[]) {
        const schema = readSchemaFile(key);
        assert.strictEqual(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema', key);
        assert.strictEqual(schema['$id'], SchemaId[key], key);
        for (const field of ['title', 'description']) {
          assert.isString(schema[field], `${key} ${field}`);
          assert.isNotEmpty(schema[field], `${key} ${field}`);
        }
      }
    });

    it('every schema compiles in strict mode', () => {
      for (const id of registry.ids()) assert.doesNotThrow(() => registry.validate(id, null), undefined, undefined, id);
    });

    it('every payload definition compiles in strict mode', () => {
      // A def name is its own camelCase, so it can stand in for the event type.
      for (const name of payloadDefNames().filter((def) => !def.startsWith('_'))) {
        assert.doesNotThrow(() => registry.validateEventPayload(name, {}), undefined, undefined, name);
      }
    });

    describe('bad schema directories', () => {
      let dir: string;
      beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'schema-registry-'));
      });
      afterEach(() => {
        rmSync(dir, { recursive: true, force: true });
      });
      const schema = (id: unknown): string => JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: id, type: 'object' });

      it('throws naming the file when $id is missing', () => {
        writeFileSync(join(dir, 'a.schema.json'), schema(undefined));
        assert.throws(() => SchemaRegistry.load(dir), /a\.schema\.json/);
      });

      it('throws naming the file when $id does not match the file name', () => {
        writeFileSync(join(dir, 'a.schema.json'), schema('https://example.test/b.schema.json'));
        assert.throws(() => SchemaRegistry.load(dir), /a\.schema\.json.*does not end/);
      });

      it('throws naming the file on invalid JSON', () => {
        writeFileSync(join(dir, 'a.schema.json'), '{ nope');
        assert.throws(() => SchemaRegistry.load(dir), /a\.schema\.json is not valid JSON/);
      });

      it('throws naming the second file when two files claim one $id', () => {
        writeFileSync(join(dir, 'a.schema.json'), schema('https://example.test/a.schema.json'));
        writeFileSync(join(dir, 'b.schema.json'), schema('https://example.test/a.schema.json'));
        // The name check makes a true duplicate impossible; the copy-paste slip is still caught on b.
        assert.throws(() => SchemaRegistry.load(dir), /b\.schema\.json/);
      });

      it('throws naming the file when Ajv rejects the schema', () => {
        writeFileSync(
          join(dir, 'a.schema.json'),
          JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://example.test/a.schema.json', type: 'objekt' }),
        );
        assert.throws(() => SchemaRegistry.load(dir), /a\.schema\.json was rejected/);
      });
    });

    it('throws on an unknown schema id', () => {
      assert.throws(() => registry.validate('https://example.test/nope.schema.json', {}), /unknown schema/);
    });

    it('sharedSchemaRegistry returns one instance', () => {
      assert.strictEqual(sharedSchemaRegistry(), sharedSchemaRegistry());
      assert.deepEqual(sharedSchemaRegistry().ids(), registry.ids());
    });
  });

  describe('examples', () => {
    for (const key of Object.keys(CASES) as SchemaKey[]) {
      for (const testCase of CASES[key]) {
        const verb = testCase.rejectedBy ? `rejects ${testCase.name} (${testCase.rejectedBy})` : `accepts ${testCase.name}`;
        it(`${key}: ${verb}`, () => {
          const issues = registry.validate(SchemaId[key], testCase.value);
          if (testCase.rejectedBy) {
            assert.include(keywords(issues), testCase.rejectedBy, key);
          } else {
            assert.deepEqual(issues.map(formatSchemaIssue), [], key);
          }
        });
      }
    }

    it('every schema has a valid and an invalid example', () => {
      for (const key of Object.keys(SchemaId) as SchemaKey[]) {
        if (key === 'runEventPayloads') continue; // exercised through validateEventPayload below
        assert.strictEqual(
          CASES[key].some((c) => !c.rejectedBy),
          true,
          key,
        );
        assert.strictEqual(
          CASES[key].some((c) => c.rejectedBy),
          true,
          key,
        );
      }
    });

    it('validates every bundled workflow fixture, each stored under its own id', () => {
      const files = readdirSync(WORKFLOW_FIXTURES_DIR()).filter((name) => name.endsWith('.json'));
      assert.lengthOf(files, 11, 'bundled fixtures');
      for (const file of files) {
        const document: unknown = JSON.parse(readFileSync(join(WORKFLOW_FIXTURES_DIR(), file), 'utf8'));
        assert.deepEqual(registry.validate(SchemaId.workflowDefinition, document).map(formatSchemaIssue), [], file);
        assert.strictEqual(isJsonObject(document) && document['id'], file.replace(/\.json$/, ''), file);
      }
    });
  });

  describe('report schema stays in step with harness/verdicts/results.ts', () => {
    const result = ['$defs', 'requirementResult', 'properties'];
    const report = readSchemaFile('complianceReport');
    it('dispositions', () => {
      assert.deepEqual(dig(report, [...result, 'disposition', 'enum']), [...DISPOSITIONS]);
    });
    it('areas', () => {
      assert.deepEqual(dig(report, [...result, 'area', 'enum']), [...AREAS]);
    });
    it('rpc names', () => {
      assert.deepEqual(dig(report, [...result, 'rpc', 'items', 'enum']), [...RPC_NAMES]);
    });
  });

  describe('event payloads', () => {
    it('maps event types to $defs names', () => {
      assert.strictEqual(eventPayloadDefName('run.started'), 'runStarted');
      assert.strictEqual(eventPayloadDefName('node.suspend-failed'), 'nodeSuspendFailed');
      assert.strictEqual(eventPayloadDefName('approval.received'), 'approvalReceived');
      assert.strictEqual(eventPayloadDefName('replay.divergedAtRefusal'), 'replayDivergedAtRefusal');
      assert.strictEqual(eventPayloadDefName('run.dead_lettered'), 'runDeadLettered');
      assert.strictEqual(eventPayloadDefName('deployment.canary.adjusted'), 'deploymentCanaryAdjusted');
      assert.strictEqual(eventPayloadDefName('run.restored-from-snapshot'), 'runRestoredFromSnapshot');
    });

    it('has a definition for every core event type', () => {
      const types = [
        'run.started',
        'run.completed',
        'run.failed',
        'run.cancelled',
        'run.resuming',
        'run.paused',
        'run.resumed',
        'node.started',
        'node.completed',
        'node.failed',
        'node.suspended',
        'node.suspend-failed',
        'node.resumed',
        'node.retried',
        'node.skipped',
        'node.cancelled',
        'interrupt.requested',
        'interrupt.resolved',
        'approval.requested',
        'approval.received',
        'clarification.requested',
        'clarification.resolved',
        'artifact.created',
        'replay.diverged',
        'replay.divergedAtRefusal',
        'output.chunk',
        'variable.changed',
        'log.appended',
        'cap.breached',
      ];
      const missing = types.filter((type) => !registry.validateEventPayload(type, {}).known);
      assert.deepEqual(missing, []);
    });

    it('reports a missing workflowId on run.started', () => {
      const { known, issues } = registry.validateEventPayload('run.started', {});
      assert.strictEqual(known, true);
      assert.lengthOf(issues, 1);
      assert.strictEqual(issues[0]?.keyword, 'required');
      assert.include(issues[0]?.message, 'workflowId');
    });

    it('accepts valid payloads, open ones with extra fields', () => {
      const valid: [string, unknown][] = [
        ['run.started', { workflowId: 'w', transport: 'grpc', vendorExtra: 1 }],
        ['run.completed', {}],
        ['run.failed', { error: { code: 'boom', message: 'it broke' } }],
        ['run.cancelled', { reason: 'parent-cancelled', parentRunId: 'p1' }],
        ['node.completed', { nodeId: 'n1', outputs: { x: 1 } }],
        ['node.suspended', { nodeId: 'n1', interruptId: 'i1', kind: 'approval', key: 'k' }],
        ['interrupt.requested', { ...suspendApproval, runId: 'r1', nodeId: 'n1', interruptId: 'i1', requestedAt: '2026-01-01T00:00:00Z' }],
        ['approval.received', { nodeId: 'n1', action: 'accept', decidedBy: 'alice' }],
        ['clarification.resolved', { nodeId: 'n1', answers: { q1: 'blue' } }],
        ['cap.breached', { kind: 'node-executions', limit: 5, observed: 6 }],
        ['output.chunk', { nodeId: 'n1', chunk: 'hi', isLast: false, meta: { finishReason: 'stop' } }],
      ];
      for (const [type, payload] of valid) {
        assert.deepEqual(registry.validateEventPayload(type, payload).issues.map(formatSchemaIssue), [], type);
      }
    });

    it('rejects invalid payloads', () => {
      const invalid: [string, unknown, string][] = [
        ['run.cancelled', { reason: 'user', parentRunId: 'p1' }, 'const'],
        ['node.failed', { nodeId: 'n1', error: { message: 'no code' } }, 'required'],
        ['interrupt.requested', { kind: 'approval', key: 'k', data: { title: 'x' } }, 'required'],
        [
          'replay.divergedAtRefusal',
          { sourceRunId: 's', atSequence: 1, originalEnvelopeKind: 'valid', replayEnvelopeKind: 'refusal', extra: 1 },
          'additionalProperties',
        ],
        ['log.appended', { level: 'trace', message: 'm' }, 'enum'],
        ['output.chunk', { nodeId: 'n1', chunk: 'x', meta: { finishReason: 'done' } }, 'enum'],
        ['run.started', 'not an object', 'type'],
      ];
      for (const [type, payload, keyword] of invalid) {
        const { known, issues } = registry.validateEventPayload(type, payload);
        assert.strictEqual(known, true, type);
        assert.include(keywords(issues), keyword, type);
      }
    });

    it('reports unknown and helper types as unknown, never as failures', () => {
      assert.deepEqual(registry.validateEventPayload('vendor.acme.thing', { anything: true }), { known: false, issues: [] });
      assert.deepEqual(registry.validateEventPayload('state.snapshot', {}), { known: false, issues: [] });
      assert.deepEqual(registry.validateEventPayload('_errorObject', {}), { known: false, issues: [] });
      assert.deepEqual(registry.validateEventPayload('constructor', {}), { known: false, issues: [] });
      assert.deepEqual(registry.validateEventPayload('', {}), { known: false, issues: [] });
    });
  });

  describe('issues', () => {
    it('formatSchemaIssue shows the instance path, the message and the keyword', () => {
      const issues = registry.validate(SchemaId.capabilities, { ...capabilities, protocolVersion: '1.0.0' });
      assert.lengthOf(issues, 1);
      const text = formatSchemaIssue(issues[0] as SchemaIssue);
      assert.strictEqual(text, 'at /protocolVersion: must match pattern "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$" (got "1.0.0") (pattern)');
    });

    it('formatSchemaIssue shows the root as (root) and names extra properties', () => {
      const issues = registry.validate(SchemaId.errorEnvelope, { error: 'e', message: 'm', hint: 'x' });
      assert.deepEqual(issues.map(formatSchemaIssue), ['at (root): must NOT have additional properties: "hint" (additionalProperties)']);
    });

    it('enum issues list the allowed values', () => {
      const [issue] = registry.validate(SchemaId.createRunResponse, { runId: 'r', status: 'queued' });
      assert.include(issue?.message, '"pending"');
      assert.strictEqual(issue?.instancePath, '/status');
    });

    it('caps the issues at 20', () => {
      const nodes = Array.from({ length: 30 }, () => ({ id: 1 }));
      const issues = registry.validate(SchemaId.workflowDefinition, { ...workflow, nodes });
      assert.lengthOf(issues, 20);
    });
  });

  describe('compilation cache', () => {
    it('compiles each schema and each payload definition once', () => {
      const proto: object = Ajv2020.prototype;
      const original: unknown = Reflect.get(proto, 'getSchema');
      if (typeof original !== 'function') throw new Error('Ajv2020.prototype.getSchema is not a function');
      const lookups: string[] = [];
      // Shadow the inherited method on Ajv2020.prototype for the duration of the test.
      Object.defineProperty(proto, 'getSchema', {
        configurable: true,
        writable: true,
        value(this: unknown, ref: string): unknown {
          lookups.push(ref);
          return Reflect.apply(original, this, [ref]);
        },
      });
      try {
        const fresh = SchemaRegistry.load(undefined, { standalone: false });
        const first = fresh.validate(SchemaId.runSnapshot, { ...snapshot, status: 'done' });
        const second = fresh.validate(SchemaId.runSnapshot, { ...snapshot, status: 'done' });
        fresh.validate(SchemaId.runSnapshot, snapshot);
        fresh.validateEventPayload('run.started', {});
        fresh.validateEventPayload('run.started', { workflowId: 'w' });
        assert.deepEqual(second, first);
        // addSchema looks up the 2020-12 meta-schema to validate each document; only our ids count here.
        assert.deepEqual(
          lookups.filter((ref) => ref.startsWith(SCHEMA_BASE)),
          [SchemaId.runSnapshot, `${SchemaId.runEventPayloads}#/$defs/runStarted`],
        );
      } finally {
        Reflect.deleteProperty(proto, 'getSchema');
      }
      assert.strictEqual(Object.hasOwn(Ajv2020.prototype, 'getSchema'), false);
    });
  });
});
