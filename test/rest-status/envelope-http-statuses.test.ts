import { assert } from 'chai';
import { HTTP_BY_ERROR_CODE } from '../../fixtures/reference-engine/rest/http-status.js';
import {
  HTTP_STATUSES_BY_ENVELOPE_CODE,
  UNINFORMATIVE_HTTP_STATUSES,
  envelopeCodeOf,
  judgeStatus,
  specStatusesFor,
  statusList,
} from '../../suites/rest/envelope-http-statuses.js';

describe('rest.error-status-matches-code: the status table', () => {
  it('gives the spec status of the codes every engine can be made to answer', () => {
    const expected: Record<string, number> = {
      run_not_found: 404,
      not_found: 404,
      workflow_not_found: 404,
      validation_error: 400,
      unsupported_stream_mode: 400,
      unauthenticated: 401,
      forbidden: 403,
      run_already_active: 409,
      idempotency_key_mismatch: 409,
      interrupt_expired: 410,
      fork_point_invalid: 422,
      rate_limited: 429,
      internal_error: 500,
    };
    for (const [code, status] of Object.entries(expected)) assert.include([...(specStatusesFor(code) ?? [])], status, code);
    assert.deepEqual(specStatusesFor('run_not_found'), [404]);
    assert.deepEqual(specStatusesFor('unauthenticated'), [401]);
  });

  it('accepts every status where sources disagree, and only error statuses', () => {
    assert.sameMembers([...(specStatusesFor('capability_not_provided') ?? [])], [422, 501]);
    assert.sameMembers([...(specStatusesFor('interrupt_cancelled') ?? [])], [410, 422]);
    assert.sameMembers([...(specStatusesFor('capability_required') ?? [])], [400, 404, 422]);
    for (const [code, statuses] of Object.entries(HTTP_STATUSES_BY_ENVELOPE_CODE)) {
      assert.isNotEmpty(statuses, code);
      for (const status of statuses) assert.isTrue(status >= 400 && status <= 599, `${code} ${status}`);
    }
  });

  it('agrees with every status the clean reference engine sends for a code it knows', () => {
    let compared = 0;
    for (const [code, status] of Object.entries(HTTP_BY_ERROR_CODE)) {
      const allowed = specStatusesFor(code);
      if (allowed === undefined) continue;
      compared += 1;
      assert.include(allowed, status, `the reference engine answers ${code} with ${status}`);
    }
    assert.isAbove(compared, 20);
  });

  it('names code, status and the spec status in a mismatch', () => {
    const judgement = judgeStatus('run_not_found', 500);
    assert.strictEqual(judgement.kind, 'mismatch');
    assert.strictEqual(judgement.kind === 'mismatch' ? judgement.reason : '', 'envelope run_not_found came with HTTP status 500; the spec maps it to 404');
    const several = judgeStatus('capability_required', 500);
    assert.include(several.kind === 'mismatch' ? several.reason : '', 'the spec maps it to 400, 404 or 422');
    assert.deepEqual(judgeStatus('unauthenticated', 401), { kind: 'matches', errorCode: 'unauthenticated', status: 401 });
  });

  it('lets an operation widen the set (CreateRun of an unknown workflow, protocol-digest §8.1)', () => {
    assert.strictEqual(judgeStatus('workflow_not_found', 400).kind, 'mismatch');
    assert.strictEqual(judgeStatus('workflow_not_found', 400, [400, 404]).kind, 'matches');
    assert.strictEqual(judgeStatus('validation_error', 404).kind, 'mismatch');
  });

  it('cannot judge a code the spec gives no status for', () => {
    const judgement = judgeStatus('acme.quota_exceeded', 418);
    assert.deepEqual(judgement, { kind: 'unjudgeable', reason: 'the spec gives no HTTP status for envelope code acme.quota_exceeded' });
    assert.isUndefined(specStatusesFor('toString'), 'inherited names are not codes');
  });

  it('treats rate limiting and unavailability as uninformative', () => {
    for (const status of [429, 503]) assert.isTrue(UNINFORMATIVE_HTTP_STATUSES.has(status), String(status));
    for (const status of [400, 404, 500]) assert.isFalse(UNINFORMATIVE_HTTP_STATUSES.has(status), String(status));
  });

  it('reads the envelope code only from a JSON object carrying a string error', () => {
    assert.strictEqual(envelopeCodeOf('{"error":"run_not_found","message":"x"}'), 'run_not_found');
    assert.isUndefined(envelopeCodeOf('404 not found'));
    assert.isUndefined(envelopeCodeOf('["error"]'));
    assert.isUndefined(envelopeCodeOf('{"error":{"code":"run_not_found"}}'));
    assert.isUndefined(envelopeCodeOf(''));
  });

  it('lists statuses readably', () => {
    assert.strictEqual(statusList([404]), '404');
    assert.strictEqual(statusList([422, 501]), '422 or 501');
    assert.strictEqual(statusList([400, 404, 422]), '400, 404 or 422');
  });
});
