import { randomBytes } from 'node:crypto';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { CallOptions } from '../../harness/transport/engine-client.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { Fixture } from '../fixture-ids.js';
import type { ProbeIds } from './rpc-probes.js';
import { AUTH_PROBES, describeAnswer, sendProbe, notJudged } from './rpc-probes.js';

/** Envelope codes an UNAUTHENTICATED answer may carry (auth.md: unauthenticated, key_revoked, key_expired). */
const UNAUTHENTICATED_CODES = ['unauthenticated', 'key_revoked', 'key_expired'];

/** Ids that exist: a run created with the suite's token, and an advertised workflow. */
async function existingIds(t: TestContext): Promise<ProbeIds> {
  const { runId } = await t.control('CreateRun conformance-noop with the suite token', t.createRun({ workflowId: Fixture.noop }));
  return { runId, workflowId: Fixture.noop, webhookId: t.unknownId('webhook-absent') };
}

const unknownIds = (t: TestContext): ProbeIds => ({
  runId: t.unknownId('run-absent'),
  workflowId: t.unknownId('conformance-absent'),
  webhookId: t.unknownId('webhook-absent'),
});

/** Sends every probe with the given credentials and lists the answers that are not UNAUTHENTICATED. */
async function refusalFindings(t: TestContext, ids: ProbeIds, options: CallOptions, how: string, onlyNamingIds = false): Promise<string[]> {
  const findings: string[] = [];
  for (const probe of AUTH_PROBES.filter((entry) => !onlyNamingIds || entry.namesAnId)) {
    const answer = await sendProbe(t, probe, ids, options);
    if (notJudged(t, probe, answer)) continue;
    if (answer.kind === 'ok') {
      findings.push(`${probe.rpc} ${how} was served (OK)`);
    } else if (answer.error.code !== GrpcCode.UNAUTHENTICATED) {
      findings.push(`${probe.rpc} ${how} answered ${describeAnswer(answer)}`);
    } else if (answer.error.envelopeCode !== undefined && !UNAUTHENTICATED_CODES.includes(answer.error.envelopeCode)) {
      findings.push(`${probe.rpc} ${how} answered UNAUTHENTICATED with envelope code ${answer.error.envelopeCode}`);
    }
  }
  return findings;
}

export const AUTHENTICATION_CHECKS = [
  check('auth.no-token-unauthenticated', async (t: TestContext) => {
    const ids = await existingIds(t);
    const findings = await refusalFindings(t, ids, { token: null }, 'without a token');
    t.assertNone(findings, 'authenticated RPCs served or refused wrongly without a token', 'UNAUTHENTICATED on every authenticated RPC');
  }),

  check('auth.authenticated-before-existence', async (t: TestContext) => {
    const findings = await refusalFindings(t, unknownIds(t), { token: null }, 'without a token for an unknown id', true);
    const leaks = findings.filter((finding) => finding.includes('NOT_FOUND'));
    if (leaks.length > 0) t.fail(`existence checked before authentication: ${leaks.join('; ')}`, 'UNAUTHENTICATED before any lookup', leaks.join('; '));
    t.assertNone(findings, 'unknown ids without a token', 'UNAUTHENTICATED');
  }),

  check('auth.invalid-token-unauthenticated', async (t: TestContext) => {
    const ids = await existingIds(t);
    // Random, so no engine can know it; it is never the user's token.
    const invalid = `conformance-invalid-${randomBytes(12).toString('hex')}`;
    const findings = await refusalFindings(t, ids, { token: invalid }, 'with an invalid token');
    t.assertNone(findings, 'an invalid bearer token was not refused UNAUTHENTICATED', 'UNAUTHENTICATED (never PERMISSION_DENIED)');
  }),

  check('auth.token-rpcs-public', async (t: TestContext) => {
    await t.control('GetCapabilities without a token', t.client.getCapabilities({}, { token: null }));
    const token = `conformance-${randomBytes(12).toString('hex')}`;
    const calls = [
      { rpc: 'InspectInterruptByToken', call: t.client.inspectInterruptByToken({ token }, { token: null }) },
      { rpc: 'ResolveInterruptByToken', call: t.client.resolveInterruptByToken({ token, resumeValue: { action: 'accept' } }, { token: null }) },
    ];
    const findings: string[] = [];
    for (const { rpc, call } of calls) {
      try {
        await call;
      } catch (error) {
        const code = error instanceof Error && 'code' in error ? error.code : undefined;
        // Any answer about the interrupt token (unknown, invalid, unimplemented) is fine; a demand for a bearer is not.
        if (code === GrpcCode.UNAUTHENTICATED || code === GrpcCode.PERMISSION_DENIED)
          findings.push(`${rpc} without a bearer token answered ${code === GrpcCode.UNAUTHENTICATED ? 'UNAUTHENTICATED' : 'PERMISSION_DENIED'}`);
        else if (code === undefined) throw error;
      }
    }
    t.assertNone(findings, 'by-token interrupt RPCs demanded a bearer token', 'an answer about the interrupt token, not about a bearer token');
  }),
];
