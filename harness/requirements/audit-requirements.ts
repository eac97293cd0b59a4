import type { Requirement } from './requirement.js';

/**
 * Audit-log integrity (auth-profiles.md annex `openwop-audit-log-integrity`, RFC 0218;
 * runs-events-digest §7), gated on the advertised `auth.auditLogIntegrity` block. The suite checks
 * the engine's VerifyAuditLog answer and verifies every checkpoint's Ed25519 signature itself, so
 * an engine's own `chainValid: true` is never taken on trust. Tampering cannot be tested from
 * outside and is not attempted.
 */
export const AUDIT_GATE = [{ path: 'auth.auditLogIntegrity', test: 'present' as const }];

export const AUDIT_REQUIREMENTS: Requirement[] = [
  {
    id: 'audit.verify-chain-valid',
    title: 'VerifyAuditLog over the existing range answers a schema-valid result with chainValid true and no anomalies',
    level: 'MUST',
    area: 'audit',
    rpcs: ['VerifyAuditLog'],
    specRef: 'auth-profiles.md §Audit-log integrity (verify endpoint; AuditVerifyResult)',
    gate: AUDIT_GATE,
    leniency:
      "toSeq beyond the last entry is accepted and may be clamped (the reference host clamps); the range starts at 0 as the profile's own conformance check does.",
  },
  {
    id: 'audit.checkpoints-ascending',
    title: 'Checkpoints are listed in ascending atSequence order, the first within checkpointIntervalEntries of 0 and each at most that far from the previous',
    level: 'MUST',
    area: 'audit',
    rpcs: ['VerifyAuditLog'],
    specRef: 'RFC 0218 (checkpoint interval; covered range (P, atSequence]); AuditVerifyResult checkpoints ascending',
    gate: AUDIT_GATE,
    leniency:
      'Without checkpointIntervalEntries advertised only the order is checked; checkpoints cut early by checkpointIntervalSeconds are closer together, which is allowed.',
  },
  {
    id: 'audit.checkpoint-signatures-verify',
    title: "Every checkpoint's Ed25519 signature verifies over the 32 raw bytes of its Merkle root with the advertised public key",
    level: 'MUST',
    area: 'audit',
    rpcs: ['VerifyAuditLog'],
    specRef: 'RFC 0218 (signature: Ed25519 over the raw merkleRoot bytes, base64); auth.auditLogIntegrity.checkpointPublicKey',
    gate: AUDIT_GATE,
  },
  {
    id: 'audit.verify-invalid-range-rejected',
    title: 'VerifyAuditLog with a negative bound is INVALID_ARGUMENT; an inverted range, when refused, is refused the same way',
    level: 'MUST',
    area: 'audit',
    rpcs: ['VerifyAuditLog'],
    specRef:
      'auth-profiles.md §Audit-log integrity 4 and the verify parameters (fromSeq, toSeq integers ≥ 0; 400 validation_error). An inverted range that is served (clamped) is a warning: no text the suite could verify makes refusing it a MUST',
    gate: AUDIT_GATE,
  },
];
