import { assert } from 'chai';
import { isAbsolute, resolve } from 'node:path';
import { ENGINE_PROTO_PATH } from '../harness/support/package-paths.js';
import { grpcurlCommand, reproTargetFor } from '../harness/verdicts/repro.js';

const request = { runId: "run-1's" };

describe('repro lines', () => {
  it('name the shipped proto by absolute path, so they run from any directory', () => {
    const command = grpcurlCommand(reproTargetFor({ target: 'grpc://engine:50051', faults: [] }, 'grpc://engine:50051', false), 'GetRun', request);
    const importPath = /-import-path (\S+) -proto openwop\/v1\/engine\.proto/.exec(command)?.[1];
    assert.isString(importPath);
    assert.isTrue(isAbsolute(importPath ?? ''));
    assert.strictEqual(resolve(importPath ?? '', 'openwop/v1/engine.proto'), ENGINE_PROTO_PATH());
    assert.strictEqual(command.split(' -d ')[1], `'{"runId":"run-1'\\''s"}' engine:50051 openwop.v1.Engine/GetRun`);
  });

  it('carry the TLS and mTLS files as absolute paths and the token as $OPENWOP_TOKEN', () => {
    const target = reproTargetFor(
      { target: 'grpcs://engine.example:443', caPath: 'certs/ca.pem', certPath: 'certs/client.pem', keyPath: '/etc/key.pem', faults: [] },
      'grpcs://engine.example:443',
      true,
    );
    const command = grpcurlCommand(target, 'GetRun', request);
    assert.notInclude(command, '-plaintext');
    assert.include(command, `-cacert ${resolve('certs/ca.pem')} -cert ${resolve('certs/client.pem')} -key /etc/key.pem`);
    assert.include(command, '-H "authorization: Bearer $OPENWOP_TOKEN"');
    assert.match(command, / engine\.example:443 openwop\.v1\.Engine\/GetRun$/);
  });

  it('for the bundled engine first restart it with the same faults and variants on a fixed port', () => {
    const target = reproTargetFor({ target: 'reference', faults: ['cancel-ignored'], variants: ['some-variant'] }, 'grpc://127.0.0.1:40123', true);
    const command = grpcurlCommand(target, 'CancelRun', request);
    assert.match(
      command,
      /^node \/\S+\/openwop-conformance\.js engine --port 50051 --token openwop-repro --fault cancel-ignored --variant some-variant & sleep 2; grpcurl -plaintext /,
    );
    assert.include(command, "-H 'authorization: Bearer openwop-repro'");
    assert.notInclude(command, '40123', "the run's own port is gone with its engine");
    assert.match(command, / 127\.0\.0\.1:50051 openwop\.v1\.Engine\/CancelRun; kill %1$/);
  });
});
