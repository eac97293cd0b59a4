/**
 * `$id`s of the JSON Schemas under schemas/ (one file per id: `<name>.schema.json`). All are
 * draft 2020-12 and written for this project.
 */
export const SCHEMA_BASE = 'https://openwop-conformance.dev/schemas/v1/';

export const SchemaId = {
  capabilities: `${SCHEMA_BASE}capabilities.schema.json`,
  workflowDefinition: `${SCHEMA_BASE}workflow-definition.schema.json`,
  runSnapshot: `${SCHEMA_BASE}run-snapshot.schema.json`,
  runEvent: `${SCHEMA_BASE}run-event.schema.json`,
  runEventPayloads: `${SCHEMA_BASE}run-event-payloads.schema.json`,
  suspendRequest: `${SCHEMA_BASE}suspend-request.schema.json`,
  auditVerifyResult: `${SCHEMA_BASE}audit-verify-result.schema.json`,
  errorEnvelope: `${SCHEMA_BASE}error-envelope.schema.json`,
  createRunResponse: `${SCHEMA_BASE}create-run-response.schema.json`,
  runStatusResponse: `${SCHEMA_BASE}run-status-response.schema.json`,
  bulkCancelRunsResponse: `${SCHEMA_BASE}bulk-cancel-runs-response.schema.json`,
  forkRunResponse: `${SCHEMA_BASE}fork-run-response.schema.json`,
  pauseRunResponse: `${SCHEMA_BASE}pause-run-response.schema.json`,
  resumeRunResponse: `${SCHEMA_BASE}resume-run-response.schema.json`,
  resolveInterruptResponse: `${SCHEMA_BASE}resolve-interrupt-response.schema.json`,
  getArtifactResponse: `${SCHEMA_BASE}get-artifact-response.schema.json`,
  registerWebhookResponse: `${SCHEMA_BASE}register-webhook-response.schema.json`,
  // Request bodies the suite sends over REST (issue 15 class 8: what the suite sends is checked too).
  createRunRequest: `${SCHEMA_BASE}create-run-request.schema.json`,
  cancelRunRequest: `${SCHEMA_BASE}cancel-run-request.schema.json`,
  bulkCancelRunsRequest: `${SCHEMA_BASE}bulk-cancel-runs-request.schema.json`,
  forkRunRequest: `${SCHEMA_BASE}fork-run-request.schema.json`,
  pauseRunRequest: `${SCHEMA_BASE}pause-run-request.schema.json`,
  resumeRunRequest: `${SCHEMA_BASE}resume-run-request.schema.json`,
  resolveInterruptRequest: `${SCHEMA_BASE}resolve-interrupt-request.schema.json`,
  registerWebhookRequest: `${SCHEMA_BASE}register-webhook-request.schema.json`,
  complianceReport: `${SCHEMA_BASE}compliance-report.schema.json`,
  killMatrix: `${SCHEMA_BASE}kill-matrix.schema.json`,
  baseline: `${SCHEMA_BASE}baseline.schema.json`,
  certificationBundle: `${SCHEMA_BASE}certification-bundle.schema.json`,
  shieldsEndpoint: `${SCHEMA_BASE}shields-endpoint.schema.json`,
  specLedger: `${SCHEMA_BASE}spec-ledger.schema.json`,
} as const;

export type SchemaKey = keyof typeof SchemaId;
