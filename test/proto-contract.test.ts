import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assert } from 'chai';
import protobuf from 'protobufjs';
import { ENGINE_PROTO_PATH, packageRoot } from '../harness/support/package-paths.js';
import { ENGINE_SERVICE, RPC_NAMES } from '../harness/transport/rpc-names.js';
import { loadEngineProto } from '../harness/transport/load-engine-proto.js';

/** The design's contract as shipped beside the project; our proto must match it exactly. */
const SEED_PROTO_PATH = join(packageRoot(), '..', 'shared', 'seed', 'openwop-v1-engine.proto');

/**
 * One line per declaration of the `openwop.v1` package, from protobufjs reflection: package options,
 * each message with its fields (number, label, name, fully resolved type) and oneofs, each enum, and
 * each RPC with its streaming flags. Comments and declaration order do not matter.
 */
function describeContract(protoPath: string): string[] {
  const root = new protobuf.Root();
  root.loadSync(protoPath, { keepCase: true });
  root.resolveAll();
  const pkg = root.lookup('openwop.v1');
  if (!(pkg instanceof protobuf.Namespace)) throw new Error(`${protoPath}: openwop.v1 is not a package`);
  const lines = Object.entries(pkg.options ?? {}).map(([name, value]) => `option ${name} = ${JSON.stringify(value)}`);
  const visit = (namespace: protobuf.NamespaceBase): void => {
    for (const nested of namespace.nestedArray) {
      if (nested instanceof protobuf.Type) {
        const fields = [...nested.fieldsArray]
          .sort((a, b) => a.id - b.id)
          .map((field) => {
            const label =
              field instanceof protobuf.MapField
                ? `map<${field.keyType}>`
                : field.repeated
                  ? 'repeated'
                  : field.options?.['proto3_optional']
                    ? 'optional'
                    : 'singular';
            return `${field.id} ${label} ${field.name} ${field.resolvedType ? field.resolvedType.fullName : field.type}`;
          });
        const oneofs = nested.oneofsArray.map((oneof) => `oneof ${oneof.name}(${oneof.oneof.join(',')})`);
        lines.push(`message ${nested.fullName}: ${[...fields, ...oneofs].join(' | ')}`);
      } else if (nested instanceof protobuf.Enum) {
        lines.push(
          `enum ${nested.fullName}: ${Object.entries(nested.values)
            .map(([name, id]) => `${name}=${id}`)
            .join(' | ')}`,
        );
      } else if (nested instanceof protobuf.Service) {
        for (const method of nested.methodsArray) {
          const request = `${method.requestStream === true ? 'stream ' : ''}${method.resolvedRequestType?.fullName ?? method.requestType}`;
          const response = `${method.responseStream === true ? 'stream ' : ''}${method.resolvedResponseType?.fullName ?? method.responseType}`;
          lines.push(`rpc ${nested.fullName}.${method.name}(${request}) returns (${response})`);
        }
      }
      if (nested instanceof protobuf.Namespace) visit(nested);
    }
  };
  visit(pkg);
  return lines.sort();
}

/** The v1 contract written out by hand: what the seed says, for checkouts that lack the seed. */
const CONTRACT_TABLE = `
option csharp_namespace = "Openwop.V1"
option go_package = "github.com/openwop/openwop/api/grpc/openwopv1"
option java_package = "dev.openwop.api.v1"
message .openwop.v1.BulkCancelRunResult: 1 singular run_id string | 2 singular ok bool | 3 singular status string | 4 singular error .google.protobuf.Struct
message .openwop.v1.BulkCancelRunsRequest: 1 repeated run_ids string | 2 singular reason string
message .openwop.v1.BulkCancelRunsResponse: 1 repeated results .openwop.v1.BulkCancelRunResult
message .openwop.v1.CancelRunRequest: 1 singular run_id string | 2 singular reason string
message .openwop.v1.CancelRunResponse: 1 singular run_id string | 2 singular status string
message .openwop.v1.CreateRunRequest: 1 singular workflow_id string | 2 singular inputs .google.protobuf.Struct | 3 singular configurable .google.protobuf.Struct | 4 repeated tags string | 5 singular metadata .google.protobuf.Struct | 6 singular idempotency_key string
message .openwop.v1.CreateRunResponse: 1 singular run_id string | 2 singular status string
message .openwop.v1.ForkRunRequest: 1 singular run_id string | 2 singular from_seq int64 | 3 singular mode string | 4 singular overlay .google.protobuf.Struct
message .openwop.v1.ForkRunResponse: 1 singular forked_run_id string | 2 singular status string
message .openwop.v1.GetArtifactRequest: 1 singular run_id string | 2 singular artifact_id string
message .openwop.v1.GetArtifactResponse: 1 singular artifact_id string | 2 singular content_type string | 3 singular content bytes
message .openwop.v1.GetCapabilitiesRequest: 
message .openwop.v1.GetCapabilitiesResponse: 1 singular capabilities .google.protobuf.Struct
message .openwop.v1.GetRunRequest: 1 singular run_id string
message .openwop.v1.GetRunResponse: 1 singular snapshot .google.protobuf.Struct
message .openwop.v1.GetWorkflowRequest: 1 singular workflow_id string
message .openwop.v1.GetWorkflowResponse: 1 singular workflow .google.protobuf.Struct
message .openwop.v1.InspectInterruptByTokenRequest: 1 singular token string
message .openwop.v1.InspectInterruptResponse: 1 singular interrupt .google.protobuf.Struct
message .openwop.v1.PauseRunRequest: 1 singular run_id string | 2 singular reason string | 3 singular drain_policy string
message .openwop.v1.PauseRunResponse: 1 singular run_id string | 2 singular status string | 3 singular paused_at .google.protobuf.Timestamp
message .openwop.v1.RegisterWebhookRequest: 1 singular url string | 2 repeated event_types string | 3 singular secret string
message .openwop.v1.RegisterWebhookResponse: 1 singular webhook_id string
message .openwop.v1.ResolveInterruptByRunRequest: 1 singular run_id string | 2 singular node_id string | 3 singular resume_value .google.protobuf.Struct
message .openwop.v1.ResolveInterruptByTokenRequest: 1 singular token string | 2 singular resume_value .google.protobuf.Struct
message .openwop.v1.ResolveInterruptResponse: 1 singular run_id string | 2 singular node_id string | 3 singular status string
message .openwop.v1.ResumeRunRequest: 1 singular run_id string | 2 singular reason string
message .openwop.v1.ResumeRunResponse: 1 singular run_id string | 2 singular status string | 3 singular resumed_at .google.protobuf.Timestamp
message .openwop.v1.RunEventEnvelope: 1 singular event_id string | 2 singular seq int64 | 3 singular run_id string | 4 singular type string | 5 singular node_id string | 6 singular payload .google.protobuf.Struct | 7 singular timestamp .google.protobuf.Timestamp | 8 singular causation_id string
message .openwop.v1.StreamRunEventsRequest: 1 singular run_id string | 2 singular last_sequence int64 | 3 repeated stream_modes string | 4 singular buffer_ms int32
message .openwop.v1.UnregisterWebhookRequest: 1 singular webhook_id string
message .openwop.v1.VerifyAuditLogRequest: 1 singular from_seq int64 | 2 singular to_seq int64
message .openwop.v1.VerifyAuditLogResponse: 1 singular result .google.protobuf.Struct
rpc .openwop.v1.Engine.BulkCancelRuns(.openwop.v1.BulkCancelRunsRequest) returns (.openwop.v1.BulkCancelRunsResponse)
rpc .openwop.v1.Engine.CancelRun(.openwop.v1.CancelRunRequest) returns (.openwop.v1.CancelRunResponse)
rpc .openwop.v1.Engine.CreateRun(.openwop.v1.CreateRunRequest) returns (.openwop.v1.CreateRunResponse)
rpc .openwop.v1.Engine.ForkRun(.openwop.v1.ForkRunRequest) returns (.openwop.v1.ForkRunResponse)
rpc .openwop.v1.Engine.GetArtifact(.openwop.v1.GetArtifactRequest) returns (.openwop.v1.GetArtifactResponse)
rpc .openwop.v1.Engine.GetCapabilities(.openwop.v1.GetCapabilitiesRequest) returns (.openwop.v1.GetCapabilitiesResponse)
rpc .openwop.v1.Engine.GetRun(.openwop.v1.GetRunRequest) returns (.openwop.v1.GetRunResponse)
rpc .openwop.v1.Engine.GetWorkflow(.openwop.v1.GetWorkflowRequest) returns (.openwop.v1.GetWorkflowResponse)
rpc .openwop.v1.Engine.InspectInterruptByToken(.openwop.v1.InspectInterruptByTokenRequest) returns (.openwop.v1.InspectInterruptResponse)
rpc .openwop.v1.Engine.PauseRun(.openwop.v1.PauseRunRequest) returns (.openwop.v1.PauseRunResponse)
rpc .openwop.v1.Engine.RegisterWebhook(.openwop.v1.RegisterWebhookRequest) returns (.openwop.v1.RegisterWebhookResponse)
rpc .openwop.v1.Engine.ResolveInterruptByRun(.openwop.v1.ResolveInterruptByRunRequest) returns (.openwop.v1.ResolveInterruptResponse)
rpc .openwop.v1.Engine.ResolveInterruptByToken(.openwop.v1.ResolveInterruptByTokenRequest) returns (.openwop.v1.ResolveInterruptResponse)
rpc .openwop.v1.Engine.ResumeRun(.openwop.v1.ResumeRunRequest) returns (.openwop.v1.ResumeRunResponse)
rpc .openwop.v1.Engine.StreamRunEvents(.openwop.v1.StreamRunEventsRequest) returns (stream .openwop.v1.RunEventEnvelope)
rpc .openwop.v1.Engine.UnregisterWebhook(.openwop.v1.UnregisterWebhookRequest) returns (.google.protobuf.Empty)
rpc .openwop.v1.Engine.VerifyAuditLog(.openwop.v1.VerifyAuditLogRequest) returns (.openwop.v1.VerifyAuditLogResponse)
`
  .trim()
  .split('\n')
  .sort();

describe('proto contract', () => {
  it(`the loaded service ${ENGINE_SERVICE} has exactly the 17 RPCs, only StreamRunEvents server-streaming`, () => {
    const { service } = loadEngineProto();
    assert.deepEqual(Object.keys(service), [...RPC_NAMES]);
    for (const name of RPC_NAMES) {
      const method = service[name];
      assert.strictEqual(method?.path, `/${ENGINE_SERVICE}/${name}`, name);
      assert.strictEqual(method?.requestStream, false, `${name} request stream`);
      assert.strictEqual(method?.responseStream, name === 'StreamRunEvents', `${name} response stream`);
    }
  });

  it('matches the contract table field by field (numbers, labels, types, RPC signatures)', () => {
    const ours = describeContract(ENGINE_PROTO_PATH());
    assert.lengthOf(ours, 3 + 33 + 17); // options, messages, RPCs
    assert.deepEqual(ours, CONTRACT_TABLE);
  });

  it('is identical to the design seed proto when the seed is present (else to the contract table)', () => {
    const ours = describeContract(ENGINE_PROTO_PATH());
    const reference = existsSync(SEED_PROTO_PATH) ? describeContract(SEED_PROTO_PATH) : CONTRACT_TABLE;
    assert.lengthOf(
      reference.filter((line) => line.startsWith('rpc ')),
      17,
    );
    assert.lengthOf(
      reference.filter((line) => line.startsWith('message ')),
      33,
    );
    assert.deepEqual(ours, reference);
  });

  it('detects a drifted contract (the comparison is not vacuous)', () => {
    const drifted = CONTRACT_TABLE.map((line) => line.replace('2 singular from_seq int64', '2 singular from_seq int32'));
    assert.notDeepEqual(describeContract(ENGINE_PROTO_PATH()), drifted);
  });
});
