import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture, LONG_DELAY_MS } from '../fixture-ids.js';
import { envelopeCodeOf } from '../rest/raw-http.js';
import { bodyText, withKey } from './rest-idempotency.js';

/**
 * idempotency.md §Cache key composition: "endpoint partitioning means the same Idempotency-Key
 * value can be reused across different endpoints"; §Record shape keys records by the canonical
 * endpoint. A key used to create a run is sent again on that run's cancel: the cancel must be
 * executed, not refused as a mismatch nor answered with the create's cached body.
 */
export const ENDPOINT_PARTITION_CHECKS = [
  check('idempotency.endpoint-partitioned', async (t: TestContext) => {
    const key = t.unknownId('conformance-shared-key');
    const created = await withKey(
      t,
      'POST /v1/runs under a fresh Idempotency-Key',
      { method: 'POST', path: '/v1/runs', json: { workflowId: Fixture.cancellable, inputs: { delayMs: LONG_DELAY_MS } } },
      key,
    );
    const runId = bodyText(created, 'runId');
    t.precondition((created.status === 201 || created.status === 200) && runId, `control: POST /v1/runs answered HTTP ${created.status} without a run id`);
    await t.untilStatus(runId, ['running'], t.deadlines.runStart(), 'precondition');
    const path = `/v1/runs/${encodeURIComponent(runId)}/cancel`;
    const cancel = await withKey(
      t,
      `POST ${path} reusing the create's Idempotency-Key`,
      { method: 'POST', path, json: { reason: 'conformance: key reused on another endpoint' } },
      key,
    );
    if (cancel.status !== 200) {
      const code = envelopeCodeOf(cancel);
      t.fail(
        `POST ${path} with the Idempotency-Key POST /v1/runs used answered HTTP ${cancel.status}${code ? ` ${code}` : ''}: the key is not partitioned by endpoint`,
        'HTTP 200: the cancel executed',
        `${cancel.status}${code ? ` ${code}` : ''}`,
      );
    }
    const findings: string[] = [];
    if (bodyText(cancel, 'eventsUrl') !== undefined) findings.push("the cancel answered with the create's cached body (it carries eventsUrl)");
    const status = bodyText(cancel, 'status');
    if (status !== 'cancelling' && status !== 'cancelled') findings.push(`the cancel answered status ${status ?? '(none)'}, not cancelling or cancelled`);
    t.assertNone(findings, `POST ${path} reusing the create's key`, 'the cancel executed: {runId, status: cancelling|cancelled}');
    const outcome = await t.untilStatus(runId, ['cancelled'], t.deadlines.cancellation(), 'verdict');
    t.assert.strictEqual(outcome.status, 'cancelled', 'the run reaches cancelled after the keyed cancel');
  }),
];
