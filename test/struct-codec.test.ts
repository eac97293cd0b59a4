import { expect } from 'chai';
import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../harness/support/json.js';
import { engineMessageType } from '../harness/transport/load-engine-proto.js';
import {
  int64ToNumber,
  isoToTimestamp,
  jsonToStruct,
  jsonToValue,
  structToJson,
  timestampToIso,
  valueToJson,
} from '../harness/transport/struct-codec.js';

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
          expect(decoded).to.deep.equal(object);
        }),
        { numRuns: 300 },
      );
    });

    it('any JSON value, scalars at the top included, survives a Value round trip', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
          expect(valueToJson(throughWire('google.protobuf.Value', jsonToValue(value as JsonValue)))).to.deep.equal(value);
        }),
        { numRuns: 300 },
      );
    });

    it('keeps non-ASCII strings and keys intact', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' })), (object) => {
          expect(structToJson(throughWire('google.protobuf.Struct', jsonToStruct(object as JsonObject)))).to.deep.equal(object);
        }),
        { numRuns: 100 },
      );
    });

    it('preserves the sign of -0 on the wire', () => {
      const decoded = structToJson(throughWire('google.protobuf.Struct', jsonToStruct({ zero: -0 })));
      expect(Object.is(decoded?.['zero'], -0)).to.equal(true);
    });

    it('maps null to nullValue and back, and keeps nested and empty lists', () => {
      const document: JsonObject = { nothing: null, lists: [[[]], [null, [1, 'two', false]], []], empty: {} };
      const wire = jsonToStruct(document);
      expect(wire.fields?.['nothing']).to.deep.equal({ nullValue: 'NULL_VALUE' });
      expect(structToJson(throughWire('google.protobuf.Struct', wire))).to.deep.equal(document);
    });

    it('keeps a "__proto__" key as an own data property instead of a prototype', () => {
      const document = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as JsonObject;
      const decoded = structToJson(throughWire('google.protobuf.Struct', jsonToStruct(document)));
      expect(Object.keys(decoded ?? {})).to.deep.equal(['__proto__', 'x']);
      expect(Object.getPrototypeOf(decoded)).to.equal(Object.prototype);
      expect(JSON.stringify(decoded)).to.equal('{"__proto__":{"polluted":true},"x":1}');
    });
  });

  describe('decoding message shapes', () => {
    it('accepts Values with or without the kind discriminator, camelCase or snake_case', () => {
      const withKind = { fields: { a: { kind: 'stringValue', stringValue: 'x' }, b: { kind: 'boolValue', boolValue: false } } };
      const withoutKind = { fields: { a: { stringValue: 'x' }, b: { boolValue: false } } };
      const snakeCase = { fields: { a: { string_value: 'x' }, b: { kind: 'bool_value', bool_value: false } } };
      for (const message of [withKind, withoutKind, snakeCase]) expect(structToJson(message)).to.deep.equal({ a: 'x', b: false });
    });

    it('decodes proto3 defaults that the loader may omit inside a chosen kind', () => {
      expect(valueToJson({ kind: 'stringValue' })).to.equal('');
      expect(valueToJson({ kind: 'numberValue' })).to.equal(0);
      expect(valueToJson({ kind: 'listValue', listValue: {} })).to.deep.equal([]);
      expect(valueToJson({ kind: 'structValue', structValue: {} })).to.deep.equal({});
    });

    it('tells an absent Struct (undefined) from an empty one ({})', () => {
      expect(structToJson(undefined)).to.equal(undefined);
      expect(structToJson({})).to.deep.equal({});
      const absent = throughWire('openwop.v1.GetRunResponse', {}) as { snapshot?: unknown };
      const empty = throughWire('openwop.v1.GetRunResponse', { snapshot: jsonToStruct({}) }) as { snapshot?: unknown };
      expect(structToJson(absent.snapshot)).to.equal(undefined);
      expect(structToJson(empty.snapshot)).to.deep.equal({});
    });

    it('rejects a Value with no kind set, naming where it was', () => {
      expect(() => structToJson({ fields: { outer: { structValue: { fields: { inner: {} } } } } })).to.throw(/\$\.outer\.inner.*no kind/);
    });

    it('spells non-finite doubles from the wire as strings, like the proto3 JSON mapping', () => {
      const decoded = valueToJson(throughWire('google.protobuf.Value', { numberValue: Number.NaN }));
      expect(decoded).to.equal('NaN');
      expect(valueToJson({ numberValue: Number.NEGATIVE_INFINITY })).to.equal('-Infinity');
    });
  });

  describe('encoding errors', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      it(`refuses ${bad} with the path of the offending member`, () => {
        expect(() => jsonToStruct({ a: { b: [1, bad] } })).to.throw(/\$\.a\.b\[1\].*finite/);
      });
    }

    it('refuses a non-object as a Struct', () => {
      expect(() => jsonToStruct([1] as unknown as JsonObject)).to.throw(/expected a JSON object/);
    });
  });

  describe('int64ToNumber', () => {
    it('turns decimal strings and numbers within ±(2^53-1) into numbers', () => {
      expect(int64ToNumber('42')).to.equal(42);
      expect(int64ToNumber('-1')).to.equal(-1);
      expect(int64ToNumber(7)).to.equal(7);
      expect(int64ToNumber('9007199254740991')).to.equal(Number.MAX_SAFE_INTEGER);
      expect(int64ToNumber(undefined)).to.equal(0); // proto3 leaves a 0 int64 off the wire
    });

    it('throws a descriptive error beyond 2^53 and for non-integers', () => {
      expect(() => int64ToNumber('9007199254740992', 'seq')).to.throw(/seq 9007199254740992 is outside the safe integer range/);
      expect(() => int64ToNumber('-9223372036854775808')).to.throw(/safe integer/);
      expect(() => int64ToNumber('12abc')).to.throw(/not an integer/);
      expect(() => int64ToNumber(1.5)).to.throw(/not an integer/);
    });

    it('reads what the loader produces for int64 fields (decimal strings)', () => {
      const decoded = throughWire('openwop.v1.RunEventEnvelope', { seq: '9007199254740991' }) as { seq?: unknown };
      expect(decoded.seq).to.equal('9007199254740991');
      expect(int64ToNumber(decoded.seq as string)).to.equal(Number.MAX_SAFE_INTEGER);
    });
  });

  describe('Timestamp ⇄ RFC 3339', () => {
    it('writes UTC with 0, 3, 6 or 9 fractional digits, as the proto3 JSON mapping does', () => {
      expect(timestampToIso({ seconds: '1700000000' })).to.equal('2023-11-14T22:13:20Z');
      expect(timestampToIso({ seconds: 1700000000, nanos: 123_000_000 })).to.equal('2023-11-14T22:13:20.123Z');
      expect(timestampToIso({ seconds: '1700000000', nanos: 123_456_000 })).to.equal('2023-11-14T22:13:20.123456Z');
      expect(timestampToIso({ seconds: '1700000000', nanos: 123_456_789 })).to.equal('2023-11-14T22:13:20.123456789Z');
      expect(timestampToIso({ seconds: '-1', nanos: 1 })).to.equal('1969-12-31T23:59:59.000000001Z');
      expect(timestampToIso({})).to.equal('1970-01-01T00:00:00Z');
      expect(timestampToIso(undefined)).to.equal(undefined);
    });

    it('rejects timestamps outside the RFC 3339 range or with bad nanos', () => {
      expect(() => timestampToIso({ seconds: '253402300800' })).to.throw(/outside the RFC 3339 range/);
      expect(() => timestampToIso({ seconds: '0', nanos: -1 })).to.throw(/nanos=-1/);
      expect(() => timestampToIso({ seconds: '0', nanos: 1_000_000_000 })).to.throw(/nanos=1000000000/);
    });

    it('parses RFC 3339 with offsets and up to nanosecond precision', () => {
      expect(isoToTimestamp('2023-11-14T22:13:20Z')).to.deep.equal({ seconds: 1700000000, nanos: 0 });
      expect(isoToTimestamp('2023-11-15T00:13:20.5+02:00')).to.deep.equal({ seconds: 1700000000, nanos: 500_000_000 });
      expect(isoToTimestamp('2023-11-14t22:13:20.000000007z')).to.deep.equal({ seconds: 1700000000, nanos: 7 });
    });

    it('rejects text that is not an RFC 3339 date-time or not a real date', () => {
      expect(() => isoToTimestamp('2023-11-14 22:13:20')).to.throw(/not an RFC 3339 date-time/);
      expect(() => isoToTimestamp('2023-11-14T22:13:20.1234567891Z')).to.throw(/not an RFC 3339/);
      expect(() => isoToTimestamp('2023-02-29T00:00:00Z')).to.throw(/not a valid calendar date-time/);
      expect(isoToTimestamp('2024-02-29T00:00:00Z').seconds).to.equal(1709164800);
    });

    it('round-trips any in-range Timestamp through bytes and RFC 3339', () => {
      const timestamp = fc.record({
        seconds: fc.integer({ min: -62135596800, max: 253402300799 }),
        nanos: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999 }).map((ms) => ms * 1_000_000), fc.integer({ min: 0, max: 999_999_999 })),
      });
      fc.assert(
        fc.property(timestamp, (original) => {
          const decoded = throughWire('google.protobuf.Timestamp', original) as { seconds?: string; nanos?: number };
          const iso = timestampToIso(decoded);
          expect(iso).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6}|\.\d{9})?Z$/);
          expect(isoToTimestamp(iso ?? '')).to.deep.equal(original);
        }),
        { numRuns: 300 },
      );
    });
  });
});
