import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { Fixture } from '../fixture-ids.js';
import { AUTH_PROBES, describeAnswer, sendProbe, notJudged } from './rpc-probes.js';

/** The scopes --limited-token must not hold; every RPC needing one of them must refuse it. */
export const RUN_SCOPES = ['runs:create', 'runs:read', 'runs:cancel'];

export const SCOPE_CHECKS = [
  check('auth.missing-scope-permission-denied', async (t: TestContext) => {
    const limitedToken = t.limitedToken;
    t.precondition(limitedToken !== undefined, 'no --limited-token was given');
    const { runId } = await t.control('CreateRun conformance-noop with the suite token', t.createRun({ workflowId: Fixture.noop }));
    const ids = { runId, workflowId: Fixture.noop, webhookId: t.unknownId('webhook-absent') };
    const findings: string[] = [];
    for (const probe of AUTH_PROBES.filter((entry) => entry.scopes.some((scope) => RUN_SCOPES.includes(scope)))) {
      const answer = await sendProbe(t, probe, ids, { token: limitedToken });
      if (notJudged(t, probe, answer)) continue;
      const needs = probe.scopes.join(' + ');
      if (answer.kind === 'ok') {
        findings.push(`${probe.rpc} was served with a token that lacks ${needs}`);
      } else if (answer.error.code !== GrpcCode.PERMISSION_DENIED) {
        const hint =
          answer.error.code === GrpcCode.UNAUTHENTICATED ? ' (a valid token without the scope is 403, not 401; check that --limited-token is valid)' : '';
        findings.push(`${probe.rpc} with a token lacking ${needs} answered ${describeAnswer(answer)}${hint}`);
      } else if (answer.error.envelope !== undefined && answer.error.envelopeCode !== 'forbidden') {
        // A missing or unreadable envelope is the errors area's finding; a wrong code is this one's.
        findings.push(`${probe.rpc} answered PERMISSION_DENIED with envelope code ${answer.error.envelopeCode ?? '(none)'}, not forbidden`);
      }
    }
    t.assertNone(findings, 'a missing scope was not refused PERMISSION_DENIED', 'PERMISSION_DENIED + forbidden for every RPC whose scope the token lacks');
  }),
];
