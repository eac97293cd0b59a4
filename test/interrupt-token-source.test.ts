import { expect } from 'chai';
import { tokenInSnapshot } from '../suites/interrupt/token-source.js';
import { stateRefusals } from '../suites/interrupt/hitl-fixtures.js';

describe('interrupt token source', () => {
  const base = { runId: 'r1', workflowId: 'conformance-approval', status: 'waiting-approval' };

  it('reads the token where engines expose it, saying where', () => {
    expect(tokenInSnapshot({ ...base, interrupt: { interruptToken: 'abc.def' } })).to.deep.equal({ token: 'abc.def', where: 'snapshot.interrupt.interruptToken' });
    expect(tokenInSnapshot({ ...base, interrupt: { token: 't1' } })?.where).to.equal('snapshot.interrupt.token');
    expect(tokenInSnapshot({ ...base, interrupts: [{ nodeId: 'gate' }, { resumeToken: 't2' }] })).to.deep.equal({ token: 't2', where: 'snapshot.interrupts[1].resumeToken' });
    expect(tokenInSnapshot({ ...base, interrupt: { callbackUrl: 'https://engine.example/v1/interrupts/eyJh.ZmY%3D?x=1' } })).to.deep.equal({
      token: 'eyJh.ZmY=',
      where: 'snapshot.interrupt.callbackUrl',
    });
  });

  it('finds nothing in a snapshot without a token, and ignores empty values', () => {
    expect(tokenInSnapshot(base)).to.equal(undefined);
    expect(tokenInSnapshot({ ...base, interrupt: { interruptToken: '' }, interrupts: 'none' })).to.equal(undefined);
    expect(tokenInSnapshot({ ...base, interrupt: { callbackUrl: 'https://engine.example/v1/runs/r1' } })).to.equal(undefined);
  });

  it('accepts an interrupt state code under every status its HTTP class maps to', () => {
    const refusals = stateRefusals(['interrupt_cancelled']);
    expect(refusals.map((entry) => entry.code)).to.deep.equal(['NOT_FOUND', 'ABORTED', 'FAILED_PRECONDITION', 'ALREADY_EXISTS']);
    expect(refusals.every((entry) => entry.envelopeCodes.includes('interrupt_cancelled'))).to.equal(true);
  });
});
