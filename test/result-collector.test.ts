import { assert } from 'chai';
import { BlockedError, ConformanceFailure, WireSchemaViolation } from '../harness/verdicts/outcome-errors.js';
import { ResultCollector, classifyError } from '../harness/verdicts/result-collector.js';
import { REQUIREMENTS } from '../harness/requirements/registry.js';
import { RpcError } from '../harness/transport/rpc-error.js';
import { GrpcCode } from '../harness/transport/rpc-names.js';
import { DELIVERY_BODY_OWNER, UnreadableDeliveryFinding } from '../harness/webhooks/unreadable-delivery-finding.js';

const record = (assertions: number) => ({ assertions, durationMs: 3, warnings: [], repro: 'grpcurl …' });
const violation = (owner: string) =>
  new WireSchemaViolation({
    requirementId: owner,
    rpc: 'GetRun',
    schemaName: 'run-snapshot.schema.json',
    issues: [{ instancePath: '', schemaPath: '#/required', keyword: 'required', message: "must have required property 'workflowId'" }],
    subject: 'GetRun reply',
  });
const rpcError = (code: number) => new RpcError({ rpc: 'GetRun', code, statusMessage: 'x', trailers: {}, envelope: undefined, envelopeProblem: 'absent' });

describe('result classification', () => {
  it('fails only on evidence about the engine', () => {
    assert.strictEqual(classifyError(new ConformanceFailure('bad', 'a', 'b')).disposition, 'fail');
    assert.strictEqual(classifyError(violation('lifecycle.snapshot-schema-valid')).disposition, 'fail');
    assert.strictEqual(classifyError(rpcError(GrpcCode.INTERNAL)).disposition, 'fail');
    const assertion = Object.assign(new Error('expected 1 to equal 2'), { name: 'AssertionError', expected: 2, actual: 1, showDiff: true });
    assert.deepInclude(classifyError(assertion), { disposition: 'fail', expected: '2', actual: '1' });
  });

  it('blocks on what the suite chose: its deadlines, preconditions, unreachable engines', () => {
    assert.strictEqual(classifyError(new BlockedError('precondition')).disposition, 'blocked');
    assert.strictEqual(classifyError(rpcError(GrpcCode.DEADLINE_EXCEEDED)).disposition, 'blocked');
    assert.strictEqual(classifyError(rpcError(GrpcCode.UNAVAILABLE)).disposition, 'blocked');
  });

  it("gives an exception in the suite's own code its own disposition, error, naming it a suite error", () => {
    const bug = classifyError(new TypeError('x is undefined'));
    assert.strictEqual(bug.disposition, 'error');
    assert.match(bug.reason, /^suite error .*please report.*TypeError: x is undefined/);
  });
});

describe('result collector', () => {
  const noop = REQUIREMENTS.get('lifecycle.noop-completes');
  const snapshotSchema = REQUIREMENTS.get('lifecycle.snapshot-schema-valid');

  it('reports a pass with zero assertions as blocked', () => {
    const collector = new ResultCollector(REQUIREMENTS);
    collector.checked(noop, undefined, record(0));
    const result = collector.finalize().find((entry) => entry.requirementId === noop.id);
    assert.strictEqual(result?.disposition, 'blocked');
    assert.include(result?.reason ?? '', 'without asserting anything');
  });

  it('gives every requirement exactly one result: those without one are blocked with a reason', () => {
    const collector = new ResultCollector(REQUIREMENTS);
    collector.checked(noop, undefined, record(2));
    const results = collector.finalize();
    assert.lengthOf(results, REQUIREMENTS.all.length);
    assert.strictEqual(results.find((entry) => entry.requirementId === noop.id)?.disposition, 'pass');
    for (const result of results.filter((entry) => entry.requirementId !== noop.id)) {
      assert.strictEqual(result.disposition, 'blocked');
      assert.isNotEmpty(result.reason);
    }
  });

  it('refuses a second result for one requirement', () => {
    const collector = new ResultCollector(REQUIREMENTS);
    collector.checked(noop, undefined, record(1));
    assert.throws(() => collector.checked(noop, undefined, record(1)), /two results/);
  });

  it('fails the schema-owning requirement when its violation is seen elsewhere', () => {
    const collector = new ResultCollector(REQUIREMENTS);
    collector.checked(snapshotSchema, undefined, record(1));
    collector.violationSeen(violation(snapshotSchema.id), noop.id);
    const owner = collector.finalize().find((entry) => entry.requirementId === snapshotSchema.id);
    assert.strictEqual(owner?.disposition, 'fail');
    assert.include(owner?.reason ?? '', `seen in ${noop.id}`);
  });

  it("fails the delivery body's owner once, however many webhook checks saw unreadable deliveries (blocked there)", () => {
    const collector = new ResultCollector(REQUIREMENTS);
    const owner = REQUIREMENTS.get(DELIVERY_BODY_OWNER);
    const signature = REQUIREMENTS.get('webhook.delivery-signature-valid');
    collector.checked(owner, new BlockedError('the deliveries cannot be read'), record(0));
    collector.checked(signature, new BlockedError('the deliveries cannot be read'), record(0));
    for (const seenIn of [owner.id, signature.id])
      collector.violationSeen(new UnreadableDeliveryFinding('2 of 2 deliveries cannot be read as a delivery'), seenIn);
    const results = collector.finalize();
    const charged = results.find((entry) => entry.requirementId === owner.id);
    assert.strictEqual(charged?.disposition, 'fail');
    assert.match(charged?.reason ?? '', /^1 webhook delivery finding\(s\): 2 of 2 deliveries cannot be read as a delivery \(2 times; seen in /);
    assert.strictEqual(results.find((entry) => entry.requirementId === signature.id)?.disposition, 'blocked');
  });

  it('charges a finding only to a selected owner: an owner skipped by --only stays skipped, and the requirement that saw it gets a warning', () => {
    const collector = new ResultCollector(REQUIREMENTS);
    collector.decided(snapshotSchema, 'skipped', 'not selected by --only lifecycle.noop*');
    collector.checked(noop, undefined, record(1));
    collector.violationSeen(violation(snapshotSchema.id), noop.id);
    const results = collector.finalize();
    const owner = results.find((entry) => entry.requirementId === snapshotSchema.id);
    const seer = results.find((entry) => entry.requirementId === noop.id);
    assert.strictEqual(owner?.disposition, 'skipped');
    assert.strictEqual(seer?.disposition, 'pass');
    assert.include(seer?.warnings.join(' ') ?? '', `schema finding of ${snapshotSchema.id} (not selected, so not judged)`);
  });

  it('keeps the repro command only on failures', () => {
    const collector = new ResultCollector(REQUIREMENTS);
    collector.checked(noop, new BlockedError('precondition not reached'), record(1));
    collector.checked(snapshotSchema, new ConformanceFailure('bad', 'x', 'y'), record(1));
    const results = collector.finalize();
    assert.isUndefined(results.find((entry) => entry.requirementId === noop.id)?.repro);
    assert.strictEqual(results.find((entry) => entry.requirementId === snapshotSchema.id)?.repro, 'grpcurl …');
  });
});
