import { assert } from 'chai';
import { tokenInSnapshot } from '../suites/interrupt/token-source.js';
import { stateRefusals } from '../suites/interrupt/hitl-fixtures.js';

describe('interrupt token source', () => {
  const base = { runId: 'r1', workflowId: 'conformance-approval', status: 'waiting-approval' };

  it('reads the token where engines expose it, saying where', () => {
    assert.deepEqual(tokenInSnapshot({ ...base, interrupt: { interruptToken: 'abc.def' } }), { token: 'abc.def', where: 'snapshot.interrupt.interruptToken' });
    assert.strictEqual(tokenInSnapshot({ ...base, interrupt: { token: 't1' } })?.where, 'snapshot.interrupt.token');
    assert.deepEqual(tokenInSnapshot({ ...base, interrupts: [{ nodeId: 'gate' }, { resumeToken: 't2' }] }), {
      token: 't2',
      where: 'snapshot.interrupts[1].resumeToken',
    });
    assert.deepEqual(tokenInSnapshot({ ...base, interrupt: { callbackUrl: 'https://engine.example/v1/interrupts/eyJh.ZmY%3D?x=1' } }), {
      token: 'eyJh.ZmY=',
      where: 'snapshot.interrupt.callbackUrl',
    });
  });

  it('finds nothing in a snapshot without a token, and ignores empty values', () => {
    assert.strictEqual(tokenInSnapshot(base), undefined);
    assert.strictEqual(tokenInSnapshot({ ...base, interrupt: { interruptToken: '' }, interrupts: 'none' }), undefined);
    assert.strictEqual(tokenInSnapshot({ ...base, interrupt: { callbackUrl: 'https://engine.example/v1/runs/r1' } }), undefined);
  });

  it('accepts an interrupt state code under every status its HTTP class maps to', () => {
    const refusals = stateRefusals(['interrupt_cancelled']);
    assert.deepEqual(
      refusals.map((entry) => entry.code),
      ['NOT_FOUND', 'ABORTED', 'FAILED_PRECONDITION', 'ALREADY_EXISTS'],
    );
    assert.strictEqual(
      refusals.every((entry) => entry.envelopeCodes.includes('interrupt_cancelled')),
      true,
    );
  });
});
