import { assert } from 'chai';
import { fromProtoStruct, toProtoStruct } from '../../fixtures/reference-engine/wire/struct-codec.js';
import { decodeMessage, encodeMessage, structToJson } from './raw-engine-client.js';
import type { Json, Message } from './raw-engine-client.js';

/**
 * The engine's Struct codec against bytes: a Struct written out by hand in protobufjs form is
 * serialized, and the engine's encoding of the same JSON must produce the same bytes' meaning;
 * the engine must also read the hand-built Struct back to the same JSON. A field-name slip in the
 * codec (`number_value` for `numberValue`) would be dropped silently by the encoder, so this test
 * is what catches it.
 */
describe('reference engine: Struct codec', () => {
  const document: { [key: string]: Json } = {
    text: 'héllo',
    count: 3,
    ratio: -0.25,
    flag: false,
    nothing: null,
    list: [1, 'two', null, true, { deep: [] }],
    nested: { empty: {}, inner: { value: 'x' } },
  };

  const handBuilt: Message = {
    fields: {
      text: { stringValue: 'héllo' },
      count: { numberValue: 3 },
      ratio: { numberValue: -0.25 },
      flag: { boolValue: false },
      nothing: { nullValue: 'NULL_VALUE' },
      list: {
        listValue: {
          values: [
            { numberValue: 1 },
            { stringValue: 'two' },
            { nullValue: 'NULL_VALUE' },
            { boolValue: true },
            { structValue: { fields: { deep: { listValue: { values: [] } } } } },
          ],
        },
      },
      nested: {
        structValue: {
          fields: {
            empty: { structValue: { fields: {} } },
            inner: { structValue: { fields: { value: { stringValue: 'x' } } } },
          },
        },
      },
    },
  };

  it('encodes JSON to a Struct that decodes to the hand-built message', () => {
    const fromEngine = decodeMessage('google.protobuf.Struct', encodeMessage('google.protobuf.Struct', { ...toProtoStruct(document) }));
    const fromHand = decodeMessage('google.protobuf.Struct', encodeMessage('google.protobuf.Struct', handBuilt));
    assert.deepEqual(fromEngine, fromHand);
    assert.deepEqual(structToJson(fromEngine), document);
  });

  it('decodes the hand-built Struct, as received on the wire, back to the JSON', () => {
    const received = decodeMessage('google.protobuf.Struct', encodeMessage('google.protobuf.Struct', handBuilt));
    assert.deepEqual(fromProtoStruct(received), document);
  });

  it('reads an absent Struct as an empty object', () => {
    assert.deepEqual(fromProtoStruct(undefined), {});
    assert.deepEqual(fromProtoStruct({}), {});
  });
});
