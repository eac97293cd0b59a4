import { assert } from 'chai';
import { REQUIREMENTS } from '../../../harness/requirements/registry.js';
import { decideApplicability } from '../../../harness/verdicts/gating.js';
import { deliveredSequences, parseSseFrames } from '../../../suites/rest/raw-http.js';
import { runEventDoc, sseFrame } from './stub-http-server.js';

const CAPABILITIES = { protocolVersion: '1.0', fixtures: ['conformance-noop', 'conformance-multi-node', 'conformance-delay'] };

describe('rest area', () => {
  it('reads SSE frames with their ids, batched and unbatched, skipping comments', () => {
    const body = `: keepalive\n\n${sseFrame('0', 'run.started', runEventDoc(0, 'run.started'))}${sseFrame('2', 'batch', [runEventDoc(1, 'a'), runEventDoc(2, 'b')])}data: ${JSON.stringify(runEventDoc(3, 'c'))}`;
    const frames = parseSseFrames(body);
    assert.deepEqual(
      frames.map((frame) => [frame.id, frame.event, frame.sequences]),
      [
        ['0', 'run.started', [0]],
        ['2', 'batch', [1, 2]],
        [undefined, undefined, [3]],
      ],
    );
    assert.deepEqual(deliveredSequences(frames), [0, 1, 2, 3]);
  });

  it('its requirements apply over REST only, and mode requirements not over the poll endpoint', () => {
    const rest = REQUIREMENTS.all.filter((requirement) => requirement.area === 'rest');
    assert.sameMembers(
      rest.map((requirement) => requirement.id),
      [
        'rest.sse-content-type',
        'rest.sse-event-ids',
        'rest.last-event-id-resume',
        'rest.error-body-envelope',
        'rest.success-status-codes',
        'rest.poll-past-end-empty',
        'rest.error-status-matches-code',
        'rest.sse-batch-id-highest-sequence',
        'rest.unversioned-root-400',
        'rest.openapi-self-description',
        'rest.sse-batch-wire-shape',
        'rest.sse-negotiation-validates-first',
      ],
    );
    for (const requirement of rest) {
      assert.strictEqual(
        decideApplicability(requirement, CAPABILITIES, { only: [], requireBehavior: false, transport: 'grpc' }).kind,
        'inapplicable',
        requirement.id,
      );
      assert.strictEqual(decideApplicability(requirement, CAPABILITIES, { only: [], requireBehavior: false, transport: 'rest' }).kind, 'run', requirement.id);
    }
    const modes = REQUIREMENTS.get('stream.default-mode-updates');
    const overPoll = decideApplicability(modes, CAPABILITIES, { only: [], requireBehavior: false, transport: 'rest', eventsOverPoll: true });
    assert.strictEqual(overPoll.kind, 'inapplicable');
    assert.match(overPoll.kind === 'inapplicable' ? overPoll.reason : '', /--rest-events poll/);
    assert.strictEqual(decideApplicability(modes, CAPABILITIES, { only: [], requireBehavior: false, transport: 'rest' }).kind, 'run');
  });
});
