import { assert } from 'chai';
import { ERROR_ENVELOPE_TYPE_URL } from '../harness/transport/rpc-error.js';
import { GrpcCode } from '../harness/transport/rpc-names.js';
import { encodeStatusDetails, envelopeDetail, readErrorEnvelope } from '../harness/transport/status-details.js';

const envelope = { error: 'run_not_found', message: 'no run r-404', details: { runId: 'r-404' } };

function expectOneSentence(problem: string | undefined): string {
  assert.typeOf(problem, 'string', 'a problem sentence');
  assert.notInclude(problem, '\n');
  assert.match(problem ?? '', /\.$/);
  return problem ?? '';
}

describe('status-details', () => {
  it('finds the envelope among several details', () => {
    const bytes = encodeStatusDetails(GrpcCode.NOT_FOUND, 'no run', [
      { typeUrl: 'type.googleapis.com/google.rpc.DebugInfo', value: Buffer.from([1, 2, 3]) },
      envelopeDetail(envelope),
    ]);
    assert.deepEqual(readErrorEnvelope(bytes), { envelope });
  });

  it('reads any JSON value as the envelope (its shape is the schema layer’s job)', () => {
    const bytes = encodeStatusDetails(GrpcCode.INTERNAL, 'x', [{ typeUrl: ERROR_ENVELOPE_TYPE_URL, value: Buffer.from('"just a string"') }]);
    assert.deepEqual(readErrorEnvelope(bytes), { envelope: 'just a string' });
  });

  it('decodes UTF-8 text in the envelope', () => {
    const unicode = { error: 'validation_error', message: 'Überprüfung fehlgeschlagen — 検証 ✓' };
    assert.deepEqual(readErrorEnvelope(encodeStatusDetails(3, 'bad', [envelopeDetail(unicode)])).envelope, unicode);
  });

  it('says so when the trailer is absent', () => {
    const reading = readErrorEnvelope(undefined);
    assert.strictEqual(reading.envelope, undefined);
    assert.include(expectOneSentence(reading.problem), 'no grpc-status-details-bin trailer');
  });

  it('says so when the trailer is not a google.rpc.Status', () => {
    const reading = readErrorEnvelope(Buffer.from([0x1a, 0x0a, 0x01])); // details: 10 bytes announced, 1 present;
    assert.strictEqual(reading.envelope, undefined);
    assert.include(expectOneSentence(reading.problem), 'not a valid google.rpc.Status');
  });

  it('lists the type_urls it saw when none is the envelope', () => {
    const bytes = encodeStatusDetails(GrpcCode.NOT_FOUND, 'no run', [
      { typeUrl: 'type.googleapis.com/google.rpc.ErrorInfo', value: Buffer.from([]) },
      { typeUrl: 'openwop.dev/spec/v1/errorenvelope', value: Buffer.from(JSON.stringify(envelope)) },
    ]);
    const problem = expectOneSentence(readErrorEnvelope(bytes).problem);
    assert.include(problem, `no entry with type_url "${ERROR_ENVELOPE_TYPE_URL}"`);
    assert.include(problem, '"type.googleapis.com/google.rpc.ErrorInfo", "openwop.dev/spec/v1/errorenvelope"');
  });

  it('says "none" when the Status has no details at all', () => {
    const problem = expectOneSentence(readErrorEnvelope(encodeStatusDetails(GrpcCode.INTERNAL, 'boom', [])).problem);
    assert.include(problem, 'type_urls seen: none');
  });

  it('reports a value that is not JSON', () => {
    const bytes = encodeStatusDetails(GrpcCode.INTERNAL, 'boom', [{ typeUrl: ERROR_ENVELOPE_TYPE_URL, value: Buffer.from('{"error": ') }]);
    const reading = readErrorEnvelope(bytes);
    assert.strictEqual(reading.envelope, undefined);
    assert.include(expectOneSentence(reading.problem), 'is not JSON');
  });

  it('reports a value that is not UTF-8 (e.g. a protobuf message instead of JSON bytes)', () => {
    const bytes = encodeStatusDetails(GrpcCode.INTERNAL, 'boom', [{ typeUrl: ERROR_ENVELOPE_TYPE_URL, value: Buffer.from([0x0a, 0x03, 0xc3, 0x28, 0xff]) }]);
    assert.include(expectOneSentence(readErrorEnvelope(bytes).problem), 'not valid UTF-8');
  });

  it('encodes the Status fields with the standard numbers (code=1, message=2, details=3)', () => {
    const bytes = encodeStatusDetails(5, 'm', []);
    assert.deepEqual([...bytes], [0x08, 0x05, 0x12, 0x01, 0x6d]);
  });
});
