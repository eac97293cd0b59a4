import { assert } from 'chai';
import { REQUIREMENTS } from '../../harness/requirements/registry.js';
import { advertisedPeer, mainSurfaceOf, peerFlag } from '../../harness/runner/peer-surface.js';
import { createPeerClient, surfaceOfUrl } from '../../harness/transport/peer-client.js';
import { NO_PEER_REASON, decideApplicability } from '../../harness/verdicts/gating.js';
import type { Selection } from '../../harness/verdicts/gating.js';
import { UsageError } from '../../harness/cli/usage-error.js';

const capabilities = { protocolVersion: '1.0', fixtures: ['conformance-noop'] };
const selection = (overrides: Partial<Selection> = {}): Selection => ({
  only: [],
  requireBehavior: false,
  transport: 'grpc',
  credentials: ['token'],
  ...overrides,
});
const parity = REQUIREMENTS.all.filter((requirement) => requirement.area === 'parity');
const peerOptions = { defaultDeadlineMs: 1_000 };

describe('parity: gating on a second surface', () => {
  it('registers the four parity requirements, each needing a peer', () => {
    assert.sameMembers(
      parity.map((requirement) => requirement.id),
      ['parity.capabilities-equal', 'parity.run-observed-identically', 'parity.error-envelope-equal', 'parity.auth-outcomes-agree'],
    );
    for (const requirement of parity) assert.isTrue(requirement.needsPeer, requirement.id);
  });

  it('is inapplicable without a peer, telling the user which flag to pass', () => {
    for (const requirement of parity) {
      const decision = decideApplicability(requirement, capabilities, selection());
      assert.deepInclude(decision, { kind: 'inapplicable', reason: NO_PEER_REASON, missing: [] }, requirement.id);
    }
    assert.include(NO_PEER_REASON, '--rest');
    assert.include(NO_PEER_REASON, '--grpc');
  });

  it('carries the reason an advertised peer was unusable, and runs when one is available', () => {
    const requirement = REQUIREMENTS.get('parity.capabilities-equal');
    const unreachable = decideApplicability(requirement, capabilities, selection({ peer: { available: false, reason: 'endpoint down; pass --grpc <url>' } }));
    assert.deepInclude(unreachable, { kind: 'inapplicable', reason: 'endpoint down; pass --grpc <url>' });
    assert.deepEqual(decideApplicability(requirement, capabilities, selection({ peer: { available: true } })), { kind: 'run' });
    // Other gates still apply with a peer: auth parity needs the token.
    const auth = decideApplicability(REQUIREMENTS.get('parity.auth-outcomes-agree'), capabilities, selection({ peer: { available: true }, credentials: [] }));
    assert.strictEqual(auth.kind, 'inapplicable');
  });

  it('leaves single-surface requirements alone whatever the peer', () => {
    const decision = decideApplicability(
      REQUIREMENTS.get('discovery.served-without-token'),
      capabilities,
      selection({ peer: { available: false, reason: 'x' } }),
    );
    assert.strictEqual(decision.kind, 'run');
  });
});

describe('parity: peer flags and the peer client factory', () => {
  it('tells surfaces apart by scheme', () => {
    assert.strictEqual(surfaceOfUrl('grpcs://h:1'), 'grpc');
    assert.strictEqual(surfaceOfUrl('HTTP://h:1'), 'rest');
    assert.strictEqual(surfaceOfUrl('ftp://h'), undefined);
    assert.strictEqual(mainSurfaceOf('reference'), 'grpc');
    assert.strictEqual(mainSurfaceOf('reference-rest'), 'rest');
  });

  it('accepts --rest with a gRPC target and --grpc with a REST one, and nothing else', () => {
    assert.deepEqual(peerFlag({ target: 'grpc://h:1', rest: 'http://h:2' }), { url: 'http://h:2', surface: 'rest' });
    assert.deepEqual(peerFlag({ target: 'reference', rest: 'grpc://h:1' }), { url: 'grpc://h:1', surface: 'rest' });
    assert.deepEqual(peerFlag({ target: 'https://h:1', grpc: 'grpcs://h:2' }), { url: 'grpcs://h:2', surface: 'grpc' });
    assert.isUndefined(peerFlag({ target: 'grpc://h:1' }));
    assert.throws(() => peerFlag({ target: 'grpc://h:1', grpc: 'grpc://h:2' }), UsageError, '--rest <url>');
    assert.throws(() => peerFlag({ target: 'http://h:1', rest: 'http://h:2' }), UsageError, '--grpc <url>');
    assert.throws(() => peerFlag({ target: 'grpc://h:1', rest: 'http://h:2', grpc: 'grpc://h:3' }), UsageError, 'not both');
  });

  it('builds gRPC and REST peers and refuses what it cannot serve in one line, without echoing credentials', () => {
    const client = createPeerClient('grpc://127.0.0.1:1', peerOptions);
    assert.strictEqual(client.transport, 'grpc');
    client.close();
    const rest = createPeerClient('http://127.0.0.1:1', peerOptions);
    assert.strictEqual(rest.transport, 'rest');
    rest.close();
    assert.throws(() => createPeerClient('ftp://user:secret@h:1', peerOptions), /invalid peer surface "ftp:\/\/\*\*\*@h:1"/);
  });
});

describe("parity: a REST target's advertised gRPC endpoint", () => {
  it('is no peer when gRPC is not advertised as supported', async () => {
    assert.deepEqual(await advertisedPeer({ grpc: { supported: false, endpoint: 'grpc://h:1' } }, peerOptions, (client) => client, 500), {});
  });

  it('is inapplicable, naming --grpc, when supported but without an endpoint', async () => {
    const resolved = await advertisedPeer({ grpc: { supported: true } }, peerOptions, (client) => client, 500);
    assert.isUndefined(resolved.connection);
    assert.deepInclude(resolved, {
      availability: { available: false, reason: 'the engine advertises grpc.supported but no grpc.endpoint; pass --grpc <url> to compare its gRPC surface' },
    });
  });

  it('is inapplicable, not blocked, when the endpoint cannot be reached at all', async () => {
    // Port 1 on loopback: nothing listens, so the probe gets UNAVAILABLE.
    const resolved = await advertisedPeer({ grpc: { supported: true, endpoint: 'grpc://127.0.0.1:1' } }, peerOptions, (client) => client, 2_000);
    assert.isUndefined(resolved.connection);
    assert.isFalse(resolved.availability?.available);
    const reason = resolved.availability?.available === false ? resolved.availability.reason : '';
    assert.include(reason, 'could not be reached');
    assert.include(reason, 'pass --grpc <url>');
  });

  it('reads the legacy capabilities.grpc wrapper too (protocol-digest §1.6, §8.8)', async () => {
    const resolved = await advertisedPeer({ capabilities: { grpc: { supported: true, endpoint: 'ftp://h' } } }, peerOptions, (client) => client, 500);
    const reason = resolved.availability?.available === false ? resolved.availability.reason : '';
    assert.include(reason, 'cannot be dialled');
  });
});
