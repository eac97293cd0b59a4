import { assert } from 'chai';
import {
  canonicalInstant,
  formatPath,
  listDifferences,
  normaliseForComparison,
  schemaKnowsPath,
  surfaceDifferences,
  unknownOneSidedMembers,
} from '../../harness/parity/surface-diff.js';
import type { JsonValue } from '../../harness/support/json.js';

describe('parity: proto↔JSON normalisation and field-by-field differences', () => {
  it('reads one instant the same whatever its offset or fraction precision', () => {
    assert.strictEqual(canonicalInstant('2026-11-25T14:50:18Z'), canonicalInstant('2026-11-25T14:50:18.000000000Z'));
    assert.strictEqual(canonicalInstant('2026-11-25T15:50:18.5+01:00'), canonicalInstant('2026-11-25T14:50:18.500Z'));
    assert.strictEqual(canonicalInstant('2026-11-25t14:50:18.123456z'), '2026-11-25T14:50:18.123456000Z');
    assert.notStrictEqual(canonicalInstant('2026-11-25T14:50:18.001Z'), canonicalInstant('2026-11-25T14:50:18.002Z'));
    // Not a date-time, or not a real one: left alone.
    assert.strictEqual(canonicalInstant('run-2026-11-25'), 'run-2026-11-25');
    assert.strictEqual(canonicalInstant('2026-13-45T99:00:00Z'), '2026-13-45T99:00:00Z');
  });

  it('treats 5 and 5.0, -0 and 0, and reordered keys as equal', () => {
    const grpc = JSON.parse('{"limits":{"clarificationRounds":5.0,"schemaRounds":-0},"a":1,"b":2}') as JsonValue;
    const rest = JSON.parse('{"b":2,"a":1,"limits":{"schemaRounds":0,"clarificationRounds":5}}') as JsonValue;
    assert.deepEqual(surfaceDifferences({ grpc, rest }), []);
    assert.deepEqual(normaliseForComparison({ x: undefined, y: [1, null] } as never), { y: [1, null] });
  });

  it('reports each difference by path, gRPC first, naming absent fields', () => {
    const grpc = { limits: { maxRequestBodyBytes: 1048576 }, fixtures: ['conformance-noop'], grpc: { tls: 'disabled' } };
    const rest = { limits: { maxRequestBodyBytes: 2097152 }, fixtures: ['conformance-noop', 'conformance-delay'], extra: true };
    assert.deepEqual(surfaceDifferences({ grpc, rest }).sort(), [
      'extra: grpc (absent), rest true',
      'fixtures[1]: grpc (absent), rest "conformance-delay"',
      'grpc: grpc {"tls":"disabled"}, rest (absent)',
      'limits.maxRequestBodyBytes: grpc 1048576, rest 2097152',
    ]);
  });

  it('compares scalars, mismatched containers and a missing side as one difference at the prefix', () => {
    assert.deepEqual(surfaceDifferences({ grpc: 'run_not_found', rest: 'not_found' }, ['error']), ['error: grpc "run_not_found", rest "not_found"']);
    assert.deepEqual(surfaceDifferences({ grpc: [1], rest: { 0: 1 } }, ['details']), ['details: grpc [1], rest {"0":1}']);
    assert.deepEqual(surfaceDifferences({ grpc: undefined, rest: { a: 1 } }), ['(root): grpc (absent), rest {"a":1}']);
    assert.deepEqual(surfaceDifferences({ grpc: undefined, rest: undefined }), []);
  });

  it('writes paths a reader can follow and keeps a long list to one line', () => {
    assert.strictEqual(formatPath([]), '(root)');
    assert.strictEqual(formatPath(['events', 3, 'payload', 'odd key', 'x']), 'events[3].payload["odd key"].x');
    const lines = Array.from({ length: 12 }, (_, index) => `f${index}: grpc 1, rest 2`);
    const listed = listDifferences(lines);
    assert.include(listed, 'f7: grpc 1, rest 2; and 4 more');
    assert.notInclude(listed, 'f8:');
  });

  it('ignores a member one surface sends that the schema does not define, as a note, and keeps every other difference', () => {
    const schema = {
      type: 'object',
      properties: { runId: {}, status: {}, error: { type: 'object', properties: { code: {} } }, variables: { type: 'object' } },
    };
    const values = {
      grpc: { runId: 'r', status: 'completed', variables: {} },
      rest: { runId: 'r', status: 'completed', 'x-rest-shard': 'eu-1', error: { code: 'x', extra: 1 }, variables: { a: 1 } },
    };
    const { ignore, notes } = unknownOneSidedMembers(values, schema, ['snapshot']);
    assert.deepEqual([...ignore], ['snapshot.x-rest-shard']);
    assert.match(notes[0] ?? '', /present over rest only, a member the schema does not define/);
    // A known member present on one side, and a member of a free-form object, stay differences.
    assert.sameMembers(surfaceDifferences(values, ['snapshot'], ignore), [
      'snapshot.error: grpc (absent), rest {"code":"x","extra":1}',
      'snapshot.variables.a: grpc (absent), rest 1',
    ]);
    assert.isFalse(schemaKnowsPath(schema, ['x-rest-shard']));
    assert.isTrue(schemaKnowsPath(schema, ['variables', 'anything']));
  });
});
