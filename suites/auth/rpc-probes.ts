import { rpcDescriptor } from '../../contract/rpc-table.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { CallOptions } from '../../harness/transport/engine-client.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import type { RpcName } from '../../harness/transport/rpc-names.js';
import { unofferedFeature } from '../../harness/verdicts/gating.js';
import { streamOutcome } from '../errors/error-mapping-rows.js';
import { Fixture } from '../fixture-ids.js';

/**
 * One harmless call per authenticated RPC (protocol-digest §1.2), parameterised by the ids it
 * names, for the auth checks to send with no token, a bad token or a limited one.
 */

export interface ProbeIds {
  runId: string;
  workflowId: string;
  webhookId: string;
}

export interface AuthProbe {
  rpc: RpcName;
  /** Scopes the RPC needs (grpc-transport.md method → scope table, as contract/rpc-table.ts states it). */
  scopes: readonly string[];
  /** Whether the call names a run, workflow or webhook that may not exist. */
  namesAnId: boolean;
  call(t: TestContext, ids: ProbeIds, options: CallOptions): Promise<unknown>;
}

const PROBE_CALLS: readonly Omit<AuthProbe, 'scopes'>[] = [
  { rpc: 'GetWorkflow', namesAnId: true, call: (t, ids, o) => t.client.getWorkflow({ workflowId: ids.workflowId }, o) },
  { rpc: 'CreateRun', namesAnId: false, call: (t, _ids, o) => t.client.createRun({ workflowId: Fixture.noop }, o) },
  { rpc: 'GetRun', namesAnId: true, call: (t, ids, o) => t.client.getRun({ runId: ids.runId }, o) },
  { rpc: 'CancelRun', namesAnId: true, call: (t, ids, o) => t.client.cancelRun({ runId: ids.runId }, o) },
  { rpc: 'BulkCancelRuns', namesAnId: false, call: (t, ids, o) => t.client.bulkCancelRuns({ runIds: [ids.runId] }, o) },
  { rpc: 'StreamRunEvents', namesAnId: true, call: (t, ids, o) => streamOutcome(t, { runId: ids.runId, lastSequence: 0 }, o) },
  { rpc: 'ForkRun', namesAnId: true, call: (t, ids, o) => t.client.forkRun({ runId: ids.runId, fromSeq: 0, mode: 'replay' }, o) },
  { rpc: 'PauseRun', namesAnId: true, call: (t, ids, o) => t.client.pauseRun({ runId: ids.runId }, o) },
  { rpc: 'ResumeRun', namesAnId: true, call: (t, ids, o) => t.client.resumeRun({ runId: ids.runId }, o) },
  {
    rpc: 'ResolveInterruptByRun',
    namesAnId: true,
    call: (t, ids, o) => t.client.resolveInterruptByRun({ runId: ids.runId, nodeId: 'conformance-node', resumeValue: { action: 'accept' } }, o),
  },
  { rpc: 'GetArtifact', namesAnId: true, call: (t, ids, o) => t.client.getArtifact({ runId: ids.runId, artifactId: 'conformance-artifact' }, o) },
  {
    rpc: 'RegisterWebhook',
    namesAnId: false,
    // A reserved, never-resolving host: nothing is delivered even if an engine wrongly registers it.
    call: (t, _ids, o) => t.client.registerWebhook({ url: 'https://conformance.invalid/hook', eventTypes: ['run.completed'] }, o),
  },
  { rpc: 'UnregisterWebhook', namesAnId: true, call: (t, ids, o) => t.client.unregisterWebhook({ webhookId: ids.webhookId }, o) },
  { rpc: 'VerifyAuditLog', namesAnId: false, call: (t, _ids, o) => t.client.verifyAuditLog({ fromSeq: 0, toSeq: 0 }, o) },
];

/** Each probe with its RPC's scopes from the RPC table (contract/rpc-table.ts). */
export const AUTH_PROBES: readonly AuthProbe[] = PROBE_CALLS.map((probe) => ({ ...probe, scopes: rpcDescriptor(probe.rpc).scopes }));

export type ProbeAnswer = { kind: 'ok' } | { kind: 'error'; error: RpcError };

export async function sendProbe(t: TestContext, probe: AuthProbe, ids: ProbeIds, options: CallOptions): Promise<ProbeAnswer> {
  try {
    await probe.call(t, ids, options);
    return { kind: 'ok' };
  } catch (error) {
    if (error instanceof RpcError) return { kind: 'error', error };
    throw error;
  }
}

/**
 * A probe of an RPC whose feature the engine does not offer is not evidence about auth order (the
 * RPC belongs to its feature's gate: harness/requirements/rpc-features.ts): whatever it answered —
 * UNIMPLEMENTED, a REST route miss (404), even a refusal — is recorded as a note and not judged.
 */
export function notJudged(t: TestContext, probe: AuthProbe, answer: ProbeAnswer): boolean {
  const unoffered = unofferedFeature(t.capabilities, probe.rpc);
  if (unoffered === undefined) return false;
  t.warn(
    `${probe.rpc} answered ${describeAnswer(answer)}${answer.kind === 'error' && answer.error.httpStatus !== undefined ? ` (HTTP ${answer.error.httpStatus})` : ''}; not judged: ${unoffered}`,
  );
  return true;
}

export const describeAnswer = (answer: ProbeAnswer): string =>
  answer.kind === 'ok' ? 'OK' : `${answer.error.codeName}${answer.error.envelopeCode ? ` ${answer.error.envelopeCode}` : ''}`;
