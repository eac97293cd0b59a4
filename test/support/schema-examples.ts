/** Example documents per schema: one the schema must accept, and targeted ones it must reject. */
import type { SchemaKey } from '../../harness/schemas/schema-ids.js';

export const capabilities = {
  protocolVersion: '1.0',
  supportedEnvelopes: [],
  schemaVersions: { runEvent: 1 },
  limits: { clarificationRounds: 3, schemaRounds: 2, envelopesPerTurn: 1 },
};

export const workflow = {
  id: 'conformance-noop',
  name: 'Noop',
  version: '1',
  nodes: [
    {
      id: 'n1',
      typeId: 'core.noop',
      name: 'Noop',
      position: { x: 0, y: 0 },
      config: {},
      inputs: {
        a: { type: 'static', value: null },
        b: { type: 'connection', nodeId: 'n0', outputKey: 'out', optional: true },
        c: { type: 'variable', variableName: 'v' },
        d: { type: 'expression', expression: '1 + 1' },
      },
    },
  ],
  edges: [{ id: 'e1', sourceNodeId: 'n0', targetNodeId: 'n1', triggerRule: 'all_success' }],
  triggers: [{ id: 't1', type: 'manual' }],
  variables: [{ name: 'v', type: 'string' }],
  metadata: {},
  settings: { maxRetries: 0 },
};

export const snapshot = { runId: 'run-1', workflowId: 'conformance-noop', status: 'running' };

const runEvent = {
  eventId: 'ev-1',
  runId: 'run-1',
  type: 'run.started',
  sequence: 0,
  timestamp: '2026-01-01T00:00:00.000Z',
  payload: { workflowId: 'conformance-noop' },
};

export const suspendApproval = {
  kind: 'approval',
  key: 'run-1:n1:0',
  data: { artifactId: 'a1', artifactType: 'doc', title: 'Review', actions: ['accept', 'reject'] },
  timeoutMs: 0,
};

const auditResult = {
  fromSeq: 0,
  toSeq: 100,
  chainValid: true,
  checkpoints: [{ checkpoint: 'cp-1', atSequence: 10, merkleRoot: 'a'.repeat(64), signature: `${'A'.repeat(86)}==` }],
  anomalies: [],
};

const passResult = {
  requirementId: 'discovery.capabilities-schema-valid',
  title: 'Capabilities are schema-valid',
  level: 'MUST',
  area: 'discovery',
  rpc: ['GetCapabilities'],
  specRef: 'capabilities.schema.json',
  disposition: 'pass',
  reason: null,
  assertions: 1,
  durationMs: 3.5,
  warnings: [],
};

export function report(results: unknown[]): Record<string, unknown> {
  return {
    reportVersion: 1,
    suite: { name: 'openwop-conformance', version: '0.1.0' },
    target: { url: 'grpc://127.0.0.1:50051', transport: 'grpc', reference: true, faults: [], variants: [] },
    engine: { name: 'ref', version: null, vendor: null, protocolVersion: '1.0' },
    capabilitiesSha256: 'f'.repeat(64),
    options: { only: [], requireBehavior: false, timeoutScale: 1 },
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:00:01Z',
    durationMs: 1000,
    summary: { total: 1, pass: 1, fail: 0, inapplicable: 0, skipped: 0, blocked: 0, mustFailures: 0, shouldFailures: 0 },
    verdict: 'conformant',
    verdictReason: 'Every MUST requirement passed.',
    incompleteCauses: [],
    connectionError: null,
    results,
  };
}

const killMatrix = {
  referenceClean: true,
  total: 1,
  killed: 1,
  generatedAt: '2026-01-01T00:00:00Z',
  faults: [
    {
      name: 'drop-seq-0',
      expected: [{ requirement: 'lifecycle.stream-from-zero', because: 'sequence 0' }],
      expectedVerdict: null,
      verdict: 'non-conformant',
      failed: ['lifecycle.stream-from-zero'],
      killedFor: ['lifecycle.stream-from-zero'],
      killedForAnotherReason: [],
      missed: [],
      killed: true,
      collateral: [],
      error: null,
    },
  ],
  tolerated: [{ name: 'inline-execution', verdict: 'conformant', conformant: true, failed: [], blocked: [], error: null }],
};

export interface Case {
  name: string;
  value: unknown;
  /** The keyword Ajv must report; absent for valid cases. */
  rejectedBy?: string;
}

/** One valid example and at least one targeted invalid example per schema. */

const digest = 'ab'.repeat(32);
function bundle(requirements: object[]): Record<string, unknown> {
  return {
    bundleVersion: '2',
    generatedAt: '2026-01-01T00:00:00.000Z',
    generator: 'openwop-conformance 0.1.0',
    suite: { package: 'openwop-conformance', version: '0.1.0' },
    host: { name: 'engine', version: '1.0.0' },
    discovery: { url: 'grpc://127.0.0.1:50051', sha256: digest, document: { protocolVersion: '1.0' } },
    claimedProfiles: ['grpc-core'],
    results: { totals: { executedPass: 1, executedFail: 0, skipped: 0, inapplicable: 0, blocked: 0 }, requirements },
    scenarioManifestSha256: digest,
    targetConfigurationSha256: digest,
    targetConfiguration: {
      targetUrl: 'grpc://127.0.0.1:50051',
      transport: 'grpc',
      discoverySha256: digest,
      requireBehavior: false,
      only: [],
      faults: [],
      variants: [],
    },
    resultsSha256: digest,
  };
}

export const CASES: Record<SchemaKey, Case[]> = {
  capabilities: [
    { name: 'minimal document', value: capabilities },
    {
      name: 'document with every typed family',
      value: {
        ...capabilities,
        protocolVersions: ['1.0'],
        implementation: { name: 'ref', version: '0.1.0', vendor: 'acme' },
        engineVersion: 3,
        supportedTransports: ['rest', 'grpc'],
        fixtures: ['conformance-noop'],
        grpc: { supported: true, service: 'openwop.v1.Engine', tls: 'disabled', endpoint: 'grpc://127.0.0.1:50051' },
        replay: { supported: true, modes: ['replay', 'branch'], vendorExtra: 1 },
        runs: { pauseResume: { supported: true, drainPolicies: ['immediate'] }, bulkCancel: { supported: true, maxRunIds: 100 } },
        webhooks: { supported: true, signatureAlgorithms: ['v1'] },
        auth: {
          profiles: ['openwop-audit-log-integrity'],
          auditLogIntegrity: { hashChain: true, checkpointSignatureAlgorithm: 'ed25519', checkpointPublicKey: 'MCowBQYDK2VwAyEA' },
        },
        somethingVendor: { anything: true },
      },
    },
    { name: 'three-part protocolVersion', value: { ...capabilities, protocolVersion: '1.0.0' }, rejectedBy: 'pattern' },
    { name: 'missing limits', value: { protocolVersion: '1.0', supportedEnvelopes: [], schemaVersions: {} }, rejectedBy: 'required' },
    { name: 'extra limits key', value: { ...capabilities, limits: { ...capabilities.limits, maxWidgets: 1 } }, rejectedBy: 'additionalProperties' },
    {
      name: 'grpc block with an http endpoint',
      value: { ...capabilities, grpc: { supported: true, service: 'openwop.v1.Engine', tls: 'required', endpoint: 'http://x:1' } },
      rejectedBy: 'pattern',
    },
    {
      name: 'grpc block with the wrong service',
      value: { ...capabilities, grpc: { supported: true, service: 'openwop.Engine', tls: 'required' } },
      rejectedBy: 'const',
    },
    { name: 'unknown transport', value: { ...capabilities, supportedTransports: ['soap'] }, rejectedBy: 'enum' },
    { name: 'webhooks without v1', value: { ...capabilities, webhooks: { supported: true, signatureAlgorithms: ['v2'] } }, rejectedBy: 'contains' },
    { name: 'audit profile without its block', value: { ...capabilities, auth: { profiles: ['openwop-audit-log-integrity'] } }, rejectedBy: 'required' },
    { name: 'experimental tier without a date', value: { ...capabilities, replay: { supported: true, tier: 'experimental' } }, rejectedBy: 'required' },
  ],
  workflowDefinition: [
    { name: 'minimal definition with all four port forms', value: workflow },
    { name: 'uppercase id', value: { ...workflow, id: 'Conformance' }, rejectedBy: 'pattern' },
    { name: 'no nodes', value: { ...workflow, nodes: [] }, rejectedBy: 'minItems' },
    { name: 'extra top-level key', value: { ...workflow, owner: 'x' }, rejectedBy: 'additionalProperties' },
    {
      name: 'static port without value',
      value: { ...workflow, nodes: [{ ...workflow.nodes[0], inputs: { a: { type: 'static' } } }] },
      rejectedBy: 'oneOf',
    },
    { name: 'unknown trigger type', value: { ...workflow, triggers: [{ id: 't', type: 'cron' }] }, rejectedBy: 'enum' },
  ],
  runSnapshot: [
    { name: 'minimal snapshot', value: snapshot },
    { name: 'numeric engineVersion (erratum)', value: { ...snapshot, engineVersion: 2, vendorField: true } },
    { name: 'string engineVersion (older copy)', value: { ...snapshot, engineVersion: '2.1.0' } },
    { name: 'status "done"', value: { ...snapshot, status: 'done' }, rejectedBy: 'enum' },
    { name: 'runId over 128 chars', value: { ...snapshot, runId: 'r'.repeat(129) }, rejectedBy: 'maxLength' },
    { name: 'error with empty message', value: { ...snapshot, status: 'failed', error: { code: 'x', message: '' } }, rejectedBy: 'minLength' },
  ],
  runEvent: [
    { name: 'minimal event (unknown type is fine here)', value: { ...runEvent, type: 'vendor.acme.thing' } },
    { name: 'extra envelope key', value: { ...runEvent, seq: 0 }, rejectedBy: 'additionalProperties' },
    { name: 'missing payload', value: { eventId: 'e', runId: 'r', type: 'run.started', sequence: 0, timestamp: runEvent.timestamp }, rejectedBy: 'required' },
    { name: 'negative sequence', value: { ...runEvent, sequence: -1 }, rejectedBy: 'minimum' },
    { name: 'non RFC 3339 timestamp', value: { ...runEvent, timestamp: 'yesterday' }, rejectedBy: 'format' },
    { name: 'numeric engineVersion', value: { ...runEvent, engineVersion: 2 }, rejectedBy: 'type' },
  ],
  runEventPayloads: [{ name: 'the root accepts any object (defs are used one by one)', value: {} }],
  suspendRequest: [
    { name: 'approval', value: suspendApproval },
    { name: 'minimal conversation.start is not ambiguous', value: { kind: 'conversation.start', key: 'k', data: { conversationId: 'c1' } } },
    { name: 'minimal conversation.close', value: { kind: 'conversation.close', key: 'k', data: { conversationId: 'c1' } } },
    { name: 'approval with edit action', value: { ...suspendApproval, data: { ...suspendApproval.data, actions: ['edit'] } }, rejectedBy: 'enum' },
    { name: 'engine identity fields', value: { ...suspendApproval, runId: 'r' }, rejectedBy: 'additionalProperties' },
    { name: 'empty key', value: { ...suspendApproval, key: '' }, rejectedBy: 'minLength' },
    {
      name: 'clarification question with extra key',
      value: { kind: 'clarification', key: 'k', data: { questions: [{ id: 'q1', question: '?', hint: 'x' }] } },
      rejectedBy: 'additionalProperties',
    },
    {
      name: 'low-confidence threshold above 1',
      value: { kind: 'low-confidence', key: 'k', data: { agentId: 'a', threshold: 2, observed: 0.1 } },
      rejectedBy: 'maximum',
    },
  ],
  auditVerifyResult: [
    { name: 'valid chain with one checkpoint', value: auditResult },
    { name: 'legacy ok field', value: { ...auditResult, ok: true }, rejectedBy: 'additionalProperties' },
    {
      name: 'legacy per-checkpoint verified',
      value: { ...auditResult, checkpoints: [{ ...auditResult.checkpoints[0], verified: true }] },
      rejectedBy: 'additionalProperties',
    },
    { name: 'missing anomalies', value: { fromSeq: 0, toSeq: 1, chainValid: true, checkpoints: [] }, rejectedBy: 'required' },
    {
      name: 'uppercase merkle root',
      value: { ...auditResult, checkpoints: [{ ...auditResult.checkpoints[0], merkleRoot: 'A'.repeat(64) }] },
      rejectedBy: 'pattern',
    },
  ],
  errorEnvelope: [
    { name: 'envelope with details', value: { error: 'not_found', message: 'no such run', details: { correlationId: 'c' } } },
    { name: 'extra top-level key', value: { error: 'not_found', message: 'no such run', correlationId: 'c' }, rejectedBy: 'additionalProperties' },
    { name: 'empty error code', value: { error: '', message: 'm' }, rejectedBy: 'minLength' },
    { name: 'prose-style {code, message}', value: { code: 'not_found', message: 'm' }, rejectedBy: 'required' },
  ],
  createRunResponse: [
    { name: 'pending run', value: { runId: 'r1', status: 'pending', eventsUrl: '/v1/runs/r1/events' } },
    { name: 'status "queued"', value: { runId: 'r1', status: 'queued' }, rejectedBy: 'enum' },
    { name: 'status outside v1', value: { runId: 'r1', status: 'queued' }, rejectedBy: 'enum' },
    { name: 'empty runId', value: { runId: '', status: 'pending' }, rejectedBy: 'minLength' },
  ],
  runStatusResponse: [
    { name: 'cancelling', value: { runId: 'r1', status: 'cancelling' } },
    { name: 'status "stopped"', value: { runId: 'r1', status: 'stopped' }, rejectedBy: 'enum' },
  ],
  bulkCancelRunsResponse: [
    {
      name: 'mixed results (entry error shape left to its requirement)',
      value: {
        results: [
          { runId: 'r1', ok: true, status: 'cancelling' },
          { runId: 'r2', ok: false, error: { code: 'not_found', message: 'm' } },
        ],
      },
    },
    { name: 'entry status "stopped"', value: { results: [{ runId: 'r1', ok: true, status: 'stopped' }] }, rejectedBy: 'enum' },
    { name: 'entry without ok', value: { results: [{ runId: 'r1' }] }, rejectedBy: 'required' },
  ],
  forkRunResponse: [
    { name: 'pending fork', value: { forkedRunId: 'r2', status: 'pending' } },
    { name: 'empty forkedRunId', value: { forkedRunId: '', status: 'pending' }, rejectedBy: 'minLength' },
  ],
  pauseRunResponse: [
    { name: 'paused with time', value: { runId: 'r1', status: 'paused', pausedAt: '2026-01-01T00:00:00Z' } },
    { name: 'bad pausedAt', value: { runId: 'r1', status: 'paused', pausedAt: 'now' }, rejectedBy: 'format' },
  ],
  resumeRunResponse: [
    { name: 'running without time', value: { runId: 'r1', status: 'running' } },
    { name: 'missing status', value: { runId: 'r1' }, rejectedBy: 'required' },
  ],
  resolveInterruptResponse: [
    { name: 'resolved', value: { runId: 'r1', nodeId: 'n1', status: 'running' } },
    { name: 'missing nodeId', value: { runId: 'r1', status: 'running' }, rejectedBy: 'required' },
  ],
  getArtifactResponse: [
    { name: 'artifact reply (content bytes tolerated)', value: { artifactId: 'a1', contentType: 'application/json', content: new Uint8Array([123, 125]) } },
    { name: 'empty artifactId', value: { artifactId: '', contentType: 'application/json' }, rejectedBy: 'minLength' },
  ],
  registerWebhookResponse: [
    { name: 'webhook id plus secret', value: { webhookId: 'w1', secret: 's' } },
    { name: 'empty webhook id', value: { webhookId: '' }, rejectedBy: 'minLength' },
  ],
  createRunRequest: [
    {
      name: 'workflow id with inputs and run options',
      value: { workflowId: 'conformance-noop', inputs: { a: 1 }, tags: ['t'], configurable: {}, metadata: {} },
    },
    { name: 'an eval run without a workflow id', value: { mode: 'eval', evalSuiteRef: 'urn:suite', agentId: 'a1' } },
    { name: 'no workflow id', value: { inputs: {} }, rejectedBy: 'required' },
    { name: 'the idempotency key in the body', value: { workflowId: 'w', idempotencyKey: 'k' }, rejectedBy: 'additionalProperties' },
  ],
  cancelRunRequest: [
    { name: 'a reason', value: { reason: 'done' } },
    { name: 'an unknown member', value: { force: true }, rejectedBy: 'additionalProperties' },
  ],
  bulkCancelRunsRequest: [
    { name: 'two ids', value: { runIds: ['r1', 'r2'], reason: 'x' } },
    { name: 'an empty list', value: { runIds: [] }, rejectedBy: 'minItems' },
  ],
  forkRunRequest: [
    { name: 'a branch with an overlay', value: { mode: 'branch', fromSeq: 2, runOptionsOverlay: { tags: ['t'] } } },
    { name: 'a negative fromSeq', value: { mode: 'replay', fromSeq: -1 }, rejectedBy: 'minimum' },
    { name: 'the overlay under its gRPC name', value: { mode: 'replay', overlay: {} }, rejectedBy: 'additionalProperties' },
  ],
  pauseRunRequest: [
    { name: 'reason and policy', value: { reason: 'r', drainPolicy: 'immediate' } },
    { name: 'an unknown policy', value: { drainPolicy: 'later' }, rejectedBy: 'enum' },
  ],
  resumeRunRequest: [
    { name: 'empty', value: {} },
    { name: 'an unknown member', value: { drainPolicy: 'immediate' }, rejectedBy: 'additionalProperties' },
  ],
  resolveInterruptRequest: [
    { name: 'a resume value', value: { resumeValue: { action: 'accept' } } },
    { name: 'no resume value', value: {}, rejectedBy: 'required' },
  ],
  registerWebhookRequest: [
    { name: 'url, events and a secret', value: { url: 'https://example.com/hook', events: ['run.completed'], secret: 's' } },
    { name: 'events under the gRPC name', value: { url: 'https://example.com/hook', eventTypes: ['run.completed'] }, rejectedBy: 'required' },
  ],
  complianceReport: [
    { name: 'one pass', value: report([passResult]) },
    { name: 'a pass with a reason is fine', value: report([{ ...passResult, reason: 'passed leniently' }]) },
    { name: 'a null engine', value: { ...report([]), engine: null, capabilitiesSha256: null, connectionError: 'ECONNREFUSED' } },
    {
      name: 'a fail with all optional fields',
      value: report([{ ...passResult, disposition: 'fail', reason: 'status was done', expected: 'running', actual: 'done', repro: 'grpcurl …' }]),
    },
    { name: 'a fail without a reason', value: report([{ ...passResult, disposition: 'fail', reason: null }]), rejectedBy: 'type' },
    { name: 'a blocked result with an empty reason', value: report([{ ...passResult, disposition: 'blocked', reason: '' }]), rejectedBy: 'minLength' },
    { name: 'unknown disposition', value: report([{ ...passResult, disposition: 'crashed' }]), rejectedBy: 'enum' },
    { name: 'extra result key', value: report([{ ...passResult, notes: 'x' }]), rejectedBy: 'additionalProperties' },
    { name: 'short sha256', value: { ...report([]), capabilitiesSha256: 'abc' }, rejectedBy: 'pattern' },
    { name: 'negative summary count', value: { ...report([]), summary: { ...(report([])['summary'] as object), fail: -1 } }, rejectedBy: 'minimum' },
  ],
  killMatrix: [
    { name: 'one killed fault', value: killMatrix },
    { name: 'missing generatedAt', value: { referenceClean: true, total: 0, killed: 0, faults: [] }, rejectedBy: 'required' },
    { name: 'extra fault key', value: { ...killMatrix, faults: [{ ...killMatrix.faults[0], note: 'x' }] }, rejectedBy: 'additionalProperties' },
    { name: 'error neither string nor null', value: { ...killMatrix, faults: [{ ...killMatrix.faults[0], error: 1 }] }, rejectedBy: 'type' },
  ],
  baseline: [
    { name: 'one known failure', value: { knownFailures: [{ requirement: 'lifecycle.cancel-*', reason: 'ENG-12: cancel is async' }] } },
    { name: 'an empty baseline', value: { knownFailures: [] } },
    { name: 'a known failure without a reason', value: { knownFailures: [{ requirement: 'lifecycle.noop-completes' }] }, rejectedBy: 'required' },
    { name: 'an empty reason', value: { knownFailures: [{ requirement: 'lifecycle.noop-completes', reason: '' }] }, rejectedBy: 'minLength' },
    { name: 'a glob with spaces', value: { knownFailures: [{ requirement: 'lifecycle noop', reason: 'x' }] }, rejectedBy: 'pattern' },
  ],
  certificationBundle: [
    {
      name: 'one executed pass',
      value: bundle([
        {
          requirementId: 'discovery.served-without-token',
          scenarioId: 'discovery/discovery.served-without-token',
          disposition: 'executed-pass',
          assertionCount: 2,
        },
      ]),
    },
    {
      name: 'a failure with its detail',
      value: bundle([{ requirementId: 'lifecycle.noop-completes', scenarioId: 'lifecycle/x', disposition: 'executed-fail', detail: 'ended failed' }]),
    },
    {
      name: 'a failure without detail',
      value: bundle([{ requirementId: 'lifecycle.noop-completes', scenarioId: 'lifecycle/x', disposition: 'executed-fail' }]),
      rejectedBy: 'required',
    },
    {
      name: 'our own disposition name',
      value: bundle([{ requirementId: 'lifecycle.noop-completes', scenarioId: 'lifecycle/x', disposition: 'pass' }]),
      rejectedBy: 'enum',
    },
    { name: 'no requirements', value: bundle([]), rejectedBy: 'minItems' },
    { name: 'short manifest digest', value: { ...bundle([]), scenarioManifestSha256: 'abc' }, rejectedBy: 'pattern' },
  ],
  shieldsEndpoint: [
    { name: 'a green badge', value: { schemaVersion: 1, label: 'openwop grpc', message: 'core 48/48', color: '#2ea44f' } },
    { name: 'an empty message', value: { schemaVersion: 1, label: 'openwop grpc', message: '', color: 'red' }, rejectedBy: 'minLength' },
    { name: 'schema version 2', value: { schemaVersion: 2, label: 'x', message: 'y', color: 'red' }, rejectedBy: 'const' },
  ],
  specLedger: [
    { name: 'one proved statement', value: ledger({ provedBy: [{ requirement: 'stream.default-mode-updates', extent: 'full', part: 'default' }] }) },
    { name: 'a verified statement without its commit', value: ledger({ verified: true }), rejectedBy: 'required' },
    { name: 'an unknown level', value: ledger({ level: 'MUST NOT' }), rejectedBy: 'enum' },
    {
      name: 'proved and untestable at once',
      value: ledger({ provedBy: [{ requirement: 'a.b', extent: 'full', part: 'x' }], untestable: 'why' }),
      rejectedBy: 'not',
    },
  ],
};

function ledger(statement: Record<string, unknown>): Record<string, unknown> {
  const base = {
    id: 'stream-modes.default-updates',
    doc: 'spec/v1/stream-modes.md',
    section: 'Mode selection',
    level: 'MUST',
    surfaces: 'both',
    paraphrase: 'no mode means updates',
    area: 'stream',
    verified: false,
  };
  return { about: 'example', specRepository: 'openwop/openwop', statements: [{ ...base, ...statement }], beyondSpec: [] };
}
