import { assert } from 'chai';
import fc from 'fast-check';
import { describeStatusDetails, encodeStatusDetails, envelopeDetail } from '../harness/transport/status-details.js';
import { decideApplicability } from '../harness/verdicts/gating.js';
import { redactSecrets } from '../harness/runner/conformance-run.js';
import type { Requirement } from '../harness/requirements/requirement.js';
import { hostileRequests } from '../suites/input/generated-requests.js';
import { ERROR_MAPPING_ROWS } from '../suites/errors/error-mapping-rows.js';
import { RPC_NAMES } from '../harness/transport/rpc-names.js';

describe('errors area helpers', () => {
  it('reads the details trailer as its own layer: missing, undecodable, or the type_urls it holds', () => {
    assert.include(describeStatusDetails(undefined).problem, 'no grpc-status-details-bin trailer');
    assert.include(describeStatusDetails(Buffer.from([0x1a, 0x7f, 0x0a])).problem, 'not a valid google.rpc.Status');
    const bytes = encodeStatusDetails(5, 'gone', [envelopeDetail({ error: 'not_found', message: 'gone' }), { typeUrl: 'x/y', value: new Uint8Array() }]);
    assert.deepEqual(describeStatusDetails(bytes), { typeUrls: ['openwop.dev/spec/v1/ErrorEnvelope', 'x/y'] });
  });

  it('has error-mapping rows only for real RPCs, each with a unique id and at least one accepted answer', () => {
    const ids = ERROR_MAPPING_ROWS.map((row) => row.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const row of ERROR_MAPPING_ROWS) {
      assert.include(RPC_NAMES, row.rpc);
      assert.isNotEmpty(row.accepted, row.id);
    }
  });
});

describe('generated hostile requests', () => {
  it('are all invalid as generated, so only shrinking can make one valid (and fc.pre drops those)', () => {
    const everything = {
      fixtures: ['conformance-delay', 'conformance-identity', 'conformance-noop'],
      replay: { supported: true, modes: ['replay'] },
      runs: { pauseResume: { supported: true } },
    };
    for (const request of fc.sample(hostileRequests(everything, 'grpc', true).arbitrary, { seed: 42, numRuns: 300 })) {
      assert.strictEqual(request.stillInvalid(), true, request.label);
    }
  });

  it('generate only what the engine offers and the transport can express', () => {
    const bare = hostileRequests({ fixtures: ['conformance-delay'] }, 'rest', true);
    const rpcs = new Set(fc.sample(bare.arbitrary, { seed: 7, numRuns: 400 }).map((request) => request.rpc));
    assert.notIncludeMembers([...rpcs], ['ForkRun', 'PauseRun']);
    assert.strictEqual(
      fc.sample(bare.arbitrary, { seed: 7, numRuns: 400 }).some((request) => /_id ""$/.test(request.label)),
      false,
    );
    assert.strictEqual(
      fc.sample(hostileRequests({}, 'grpc', false).arbitrary, { seed: 7, numRuns: 400 }).some((request) => /_id ""$/.test(request.label)),
      true,
    );
    for (const part of ['empty ids', 'conformance-identity is not listed', 'ForkRun']) assert.include(bare.leftOut.join(' '), part);
    const labels = fc.sample(bare.arbitrary, { seed: 7, numRuns: 400 }).map((request) => request.label);
    assert.strictEqual(
      labels.some((label) => label.includes('inputs.delayMs')),
      true,
    );
    assert.strictEqual(
      labels.some((label) => label.includes('inputs.payload')),
      false,
    );
  });
});

describe('credential gating', () => {
  const requirement: Requirement = {
    id: 'auth.example',
    title: 't',
    level: 'MUST',
    area: 'auth',
    rpcs: ['GetRun'],
    specRef: 's',
    credentials: ['token', 'limited-token'],
  };
  const selection = { only: [], requireBehavior: true, transport: 'grpc' as const };

  it('makes a requirement inapplicable, naming the flag, when the suite lacks a credential it needs', () => {
    const decision = decideApplicability(requirement, {}, { ...selection, credentials: ['token'] });
    assert.strictEqual(decision.kind, 'inapplicable');
    assert.include(decision.kind === 'inapplicable' && decision.reason, '--limited-token');
    assert.strictEqual(decideApplicability(requirement, {}, { ...selection, credentials: ['token', 'limited-token'] }).kind, 'run');
  });
});

describe('secret redaction', () => {
  it('replaces every occurrence of each secret in a report, including inside escaped text', () => {
    const report = { reason: 'token s3cr3t refused', nested: ['Bearer s3cr3t', { other: 'lim"ited' }] };
    assert.deepEqual(redactSecrets(report, ['s3cr3t', 'lim"ited', undefined]), { reason: 'token *** refused', nested: ['Bearer ***', { other: '***' }] });
  });
});
