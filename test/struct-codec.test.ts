import { assert } from 'chai';
import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../harness/support/json.js';
import { engineMessageType } from '../harness/transport/load-engine-proto.js';
import { int64ToNumber, isoToTimestamp, jsonToStruct, jsonToValue, structToJson, timestampToIso, valueToJson } from '../harness/transport/struct-codec.js';

/** Sends a message through real protobuf bytes with the client's loader options. */
function throughWire(typeName: string, message: object): unknown {
  const type = engineMessageType(typeName);
  return type.deserialize(type.serialize(message));
}

const jsonObject = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }));

describe('struct-codec', () => {
  describe('Struct and Value round trips', () => {
    it('any JSON object survives JSON → Struct → bytes → Struct → JSON unchanged (including -0)', () => {
      fc.assert(
        fc.property(jsonObject, (object) => {
          const decoded = structToJson(throughWire('google.protobuf.Struct', jsonToStruct(object as JsonObject)));
          assert.deepEqual(decoded, object);
        }),
        { numRuns: 300 },
      );
    });

    it('any JSON value, scalars at the top included, survives a Value round trip', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
          assert.deepEqual(valueToJson(throughWire('google.protobuf.Value', jsonToValue(value as JsonValue))), value);
        }),
        { numRuns: 300 },
      );
    });

    it('keeps non-ASCII strings and keys intact', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' })), (object) => {
          assert.deepEqual(structToJson(throughWire('google.protobuf.Struct', jsonToStruct(object as JsonObject))), object);
        }),
        { numRuns: 100 },
      );
    });

    it('preserves the sign of -0 on the wire', () => {
      const decoded = structToJson(throughWire('google.protobuf.Struct', jsonToStruct({ zero: -0 })));
      assert.strictEqual(Object.is(decoded?.['zero'], -0), true);
    });

    it('maps null to nullValue and back, and keeps nested and empty lists', () => {
      const document: JsonObject = { nothing: null, lists: [[[]], [null, [1, 'two', false]], []], empty: {} };
      const wire = jsonToStruct(document);
      assert.deepEqual(wire.fields?.['nothing'], { nullValue: 'NULL_VALUE' });
      assert.deepEqual(structToJson(throughWire('google.protobuf.Struct', wire)), document);
    });

    it('keeps a "__proto__" key as an own data property instead of a prototype', () => {
      const document = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as JsonObject;
      const decoded = structToJson(throughWire('google.protobuf.Struct', jsonToStruct(document)));
      assert.deepEqual(Object.keys(decoded ?? {}), ['__proto__', 'x']);
      assert.strictEqual(Object.getPrototypeOf(decoded), Object.prototype);
      assert.strictEqual(JSON.stringify(decoded), '{"__proto__":{"polluted":true},"x":1}');
    });
  });

  describe('decoding message shapes', () => {
    it('accepts Values with or without the kind discriminator, camelCase or snake_case', () => {
      const withKind = { fields: { a: { kind: 'stringValue', stringValue: 'x' }, b: { kind: 'boolValue', boolValue: false } } };
      const withoutKind = { fields: { a: { stringValue: 'x' }, b: { boolValue: false } } };
      const snakeCase = { fields: { a: { string_value: 'x' }, b: { kind: 'bool_value', bool_value: false } } };
      for (const message of [withKind, withoutKind, snakeCase]) assert.deepEqual(structToJson(message), { a: 'x', b: false });
    });

    it('decodes proto3 defaults that the loader may omit inside a chosen kind', () => {
      assert.strictEqual(valueToJson({ kind: 'stringValue' }), '');
      assert.strictEqual(valueToJson({ kind: 'numberValue' }), 0);
      assert.deepEqual(valueToJson({ kind: 'listValue', listValue: {} }), []);
      assert.deepEqual(valueToJson({ kind: 'structValue', structValue: {} }), {});
    });

    it('tells an absent Struct (undefined) from an empty one ({})', () => {
      assert.strictEqual(structToJson(undefined), undefined);
      assert.deepEqual(structToJson({}), {});
      const absent = throughWire('openwop.v1.GetRunResponse', {}) as { snapshot?: unknown };
      const empty = throughWire('openwop.v1.GetRunResponse', { snapshot: jsonToStruct({}) }) as { snapshot?: unknown };
      assert.strictEqual(structToJson(absent.snapshot), undefined);
      assert.deepEqual(structToJson(empty.snapshot), {});
    });

    it('rejects a Value with no kind set, naming where it was', () => {
      assert.throws(() => structToJson({ fields: { outer: { structValue: { fields: { inner: {} } } } } }), /\$\.outer\.inner.*no kind/);
    });

    it('spells non-finite doubles from the wire as strings, like the proto3 JSON mapping', () => {
      const decoded = valueToJson(throughWire('google.protobuf.Value', { numberValue: Number.NaN }));
      assert.strictEqual(decoded, 'NaN');
      assert.strictEqual(valueToJson({ numberValue: Number.NEGATIVE_INFINITY }), '-Infinity');
    });
  });

  describe('encoding errors', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      it(`refuses ${bad} with the path of the offending member`, () => {
        assert.throws(() => jsonToStruct({ a: { b: [1, bad] } }), /\$\.a\.b\[1\].*finite/);
      });
    }

    it('refuses a non-object as a Struct', () => {
      assert.throws(() => jsonToStruct([1] as unknown as JsonObject), /expected a JSON object/);
    });
  });

  describe('int64ToNumber', () => {
    it('turns decimal strings and numbers within ±(2^53-1) into numbers', () => {
      assert.strictEqual(int64ToNumber('42'), 42);
      assert.strictEqual(int64ToNumber('-1'), -1);
      assert.strictEqual(int64ToNumber(7), 7);
      assert.strictEqual(int64ToNumber('9007199254740991'), Number.MAX_SAFE_INTEGER);
      assert.strictEqual(int64ToNumber(undefined), 0); // proto3 leaves a 0 int64 off the wire
    });

    it('throws a descriptive error beyond 2^53 and for non-integers', () => {
      assert.throws(() => int64ToNumber('9007199254740992', 'seq'), /seq 9007199254740992 is outside the safe integer range/);
      assert.throws(() => int64ToNumber('-9223372036854775808'), /safe integer/);
      assert.throws(() => int64ToNumber('12abc'), /not an integer/);
      assert.throws(() => int64ToNumber(1.5), /not an integer/);
    });

    it('reads what the loader produces for int64 fields (decimal strings)', () => {
      const decoded = throughWire('openwop.v1.RunEventEnvelope', { seq: '9007199254740991' }) as { seq?: unknown };
      assert.strictEqual(decoded.seq, '9007199254740991');
      assert.strictEqual(int64ToNumber(decoded.seq as string), Number.MAX_SAFE_INTEGER);
    });
  });

  describe('Timestamp ⇄ RFC 3339', () => {
    it('writes UTC with 0, 3, 6 or 9 fractional digits, as the proto3 JSON mapping does', () => {
      assert.strictEqual(timestampToIso({ seconds: '1700000000' }), '2023-11-14T22:13:20Z');
      assert.strictEqual(timestampToIso({ seconds: 1700000000, nanos: 123_000_000 }), '2023-11-14T22:13:20.123Z');
      assert.strictEqual(timestampToIso({ seconds: '1700000000', nanos: 123_456_000 }), '2023-11-14T22:13:20.123456Z');
      assert.strictEqual(timestampToIso({ seconds: '1700000000', nanos: 123_456_789 }), '2023-11-14T22:13:20.123456789Z');
      assert.strictEqual(timestampToIso({ seconds: '-1', nanos: 1 }), '1969-12-31T23:59:59.000000001Z');
      assert.strictEqual(timestampToIso({}), '1970-01-01T00:00:00Z');
      assert.strictEqual(timestampToIso(undefined), undefined);
    });

    it('rejects timestamps outside the RFC 3339 range or with bad nanos', () => {
      assert.throws(() => timestampToIso({ seconds: '253402300800' }), /outside the RFC 3339 range/);
      assert.throws(() => timestampToIso({ seconds: '0', nanos: -1 }), /nanos=-1/);
      assert.throws(() => timestampToIso({ seconds: '0', nanos: 1_000_000_000 }), /nanos=1000000000/);
    });

    it('parses RFC 3339 with offsets and up to nanosecond precision', () => {
      assert.deepEqual(isoToTimestamp('2023-11-14T22:13:20Z'), { seconds: 1700000000, nanos: 0 });
      assert.deepEqual(isoToTimestamp('2023-11-15T00:13:20.5+02:00'), { seconds: 1700000000, nanos: 500_000_000 });
      assert.deepEqual(isoToTimestamp('2023-11-14t22:13:20.000000007z'), { seconds: 1700000000, nanos: 7 });
    });

    it('rejects text that is not an RFC 3339 date-time or not a real date', () => {
      assert.throws(() => isoToTimestamp('2023-11-14 22:13:20'), /not an RFC 3339 date-time/);
      assert.throws(() => isoToTimestamp('2023-11-14T22:13:20.1234567891Z'), /not an RFC 3339/);
      assert.throws(() => isoToTimestamp('2023-02-29T00:00:00Z'), /not a valid calendar date-time/);
      assert.strictEqual(isoToTimestamp('2024-02-29T00:00:00Z').seconds, 1709164800);
    });

    it('round-trips any in-range Timestamp through bytes and RFC 3339', () => {
      const timestamp = fc.record({
        seconds: fc.integer({ min: -62135596800, max: 253402300799 }),
        nanos: fc.oneof(
          fc.constant(0),
          fc.integer({ min: 0, max: 999 }).map((ms) => ms * 1_000_000),
          fc.integer({ min: 0, max: 999_999_999 }),
        ),
      });
      fc.assert(
        fc.property(timestamp, (original) => {
          const decoded = throughWire('google.protobuf.Timestamp', original) as { seconds?: string; nanos?: number };
          const iso = timestampToIso(decoded);
          assert.match(iso ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6}|\.\d{9})?Z$/);
          assert.deepEqual(isoToTimestamp(iso ?? ''), original);
        }),
        { numRuns: 300 },
      );
    });
  });
});
