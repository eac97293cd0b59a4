import { expect } from 'chai';
import { buildMatrix, renderHtml, renderMarkdown, type ReportLike, type ReportResultLike } from '../scripts/interop/matrix.js';
import { compareWithTriage, parseTriageFile, seedTriage, type TriageFile } from '../scripts/interop/triage.js';
import { parseEngineSpec } from '../scripts/interop/engine-spec.js';
import { nonSpecNodeTypes, preloadSpecFixtures } from '../scripts/interop/preloaded-fixtures.js';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function result(requirementId: string, disposition: string, reason: string | null = null): ReportResultLike {
  return { requirementId, title: `title of ${requirementId}`, level: 'MUST', area: requirementId.split('.')[0] ?? '', disposition, reason };
}

function report(results: ReportResultLike[], verdict = 'non-conformant'): ReportLike {
  return { verdict, durationMs: 1500, results };
}

// Hand-written report.json excerpts: one engine over SSE and poll, another over SSE only.
const alphaSse = report([result('stream.live-delivery', 'pass'), result('rest.sse-event-ids', 'fail', 'batch frame without id'), result('webhook.register-returns-id', 'inapplicable', 'webhooks not advertised')]);
const alphaPoll = report([result('stream.live-delivery', 'blocked', 'poll: no live stream'), result('rest.sse-event-ids', 'pass'), result('webhook.register-returns-id', 'inapplicable', 'webhooks not advertised')]);
const betaSse = report([result('stream.live-delivery', 'pass'), result('rest.sse-event-ids', 'pass'), result('webhook.register-returns-id', 'pass'), result('audit.verify-chain-valid', 'error', 'suite error')], 'conformant');

const matrix = buildMatrix([
  { engine: 'alpha', mode: 'sse', report: alphaSse },
  { engine: 'alpha', mode: 'poll', report: alphaPoll },
  { engine: 'beta', mode: 'sse', report: betaSse },
  { engine: 'gamma', mode: 'sse', failure: 'the engine exited (code 1) before discovery answered' },
]);

describe('interop matrix builder', () => {
  it('keeps every report disposition and reason per engine and mode, without re-deriving them', () => {
    expect(matrix.columns.map((c) => c.key)).to.deep.equal(['alpha/sse', 'alpha/poll', 'beta/sse', 'gamma/sse']);
    const ids = matrix.rows.map((r) => r.requirementId);
    expect(ids).to.deep.equal(['stream.live-delivery', 'rest.sse-event-ids', 'webhook.register-returns-id', 'audit.verify-chain-valid']);
    const sseIds = matrix.rows.find((r) => r.requirementId === 'rest.sse-event-ids');
    expect(sseIds?.cells['alpha/sse']).to.deep.equal({ disposition: 'fail', reason: 'batch frame without id' });
    expect(sseIds?.cells['alpha/poll']?.disposition).to.equal('pass');
    expect(matrix.rows.find((r) => r.requirementId === 'audit.verify-chain-valid')?.cells['alpha/sse']).to.equal(undefined);
  });

  it('counts dispositions per run, an unknown one included, and records a run without a report', () => {
    const beta = matrix.columns.find((c) => c.key === 'beta/sse');
    expect(beta?.counts).to.deep.equal({ pass: 3, error: 1 });
    const gamma = matrix.columns.find((c) => c.key === 'gamma/sse');
    expect(gamma?.verdict).to.equal('no report');
    expect(gamma?.failure).to.match(/exited/);
  });

  it('lists in Markdown only the requirements that are not a pass everywhere, and escapes HTML', () => {
    const md = renderMarkdown(matrix);
    expect(md).to.include('| `rest.sse-event-ids` | MUST | fail | pass | pass | – |');
    expect(md).to.include('| alpha | sse | non-conformant | 1 | 1 | 0 | 1 | 0 | 0 | 1.5 s |');
    const html = renderHtml(buildMatrix([{ engine: 'x', mode: 'sse', report: report([result('a.b', 'fail', '<script>')]) }]));
    expect(html).to.include('title="&#60;script&#62;"');
    expect(html).not.to.include('<script>');
  });
});

describe('interop triage comparison', () => {
  const triage: TriageFile = parseTriageFile(
    {
      engine: 'alpha',
      basis: 'hand-written',
      entries: [
        { requirementId: 'rest.sse-event-ids', expected: { sse: 'fail' }, kind: 'suite-bug', suiteBugClass: 4, why: 'batch ids are a SHOULD' },
        { requirementId: 'webhook.register-returns-id', expected: { sse: 'inapplicable', poll: 'inapplicable' }, kind: 'inapplicable', why: 'not advertised' },
        { requirementId: 'stream.gone', expected: { sse: 'fail' }, kind: 'deviation', why: 'no longer in the suite' },
      ],
    },
    'alpha.json',
  );

  it('flags a result that differs from its triage, a non-pass without an entry, and an entry nothing reported', () => {
    const moved = compareWithTriage(matrix, triage);
    expect(moved.map((m) => `${m.mode} ${m.requirementId} ${m.expected}->${m.actual}`)).to.deep.equal([
      'poll stream.live-delivery pass->blocked',
      '* stream.gone reported->absent',
    ]);
  });

  it('reports nothing once every non-pass is triaged as it is', () => {
    const complete: TriageFile = {
      ...triage,
      entries: [...triage.entries.filter((e) => e.requirementId !== 'stream.gone'), { requirementId: 'stream.live-delivery', expected: { poll: 'blocked' }, kind: 'correct-block', why: 'poll has no live stream' }],
    };
    expect(compareWithTriage(matrix, complete)).to.deep.equal([]);
  });

  it('seeds untriaged entries for new non-pass results only, and flags them until triaged', () => {
    const seeded = seedTriage(matrix, 'alpha', triage, 'now');
    const added = seeded.entries.filter((e) => e.kind === 'untriaged');
    expect(added.map((e) => [e.requirementId, e.expected])).to.deep.equal([['stream.live-delivery', { poll: 'blocked' }]]);
    expect(added[0]?.why).to.equal('poll: poll: no live stream');
    expect(compareWithTriage(matrix, seeded).some((m) => m.note === 'not yet triaged')).to.equal(true);
  });

  it('refuses a triage file that names a suite bug without its class, or a requirement twice', () => {
    const bug = { requirementId: 'a.b', expected: {}, kind: 'suite-bug', why: 'x' };
    expect(() => parseTriageFile({ engine: 'e', entries: [bug] }, 'e.json')).to.throw(/suiteBugClass/);
    const ok = { requirementId: 'a.b', expected: {}, kind: 'deviation', why: 'x' };
    expect(() => parseTriageFile({ engine: 'e', entries: [ok, ok] }, 'e.json')).to.throw(/twice/);
  });
});

describe('interop --engine entries', () => {
  it('reads name=url and a token from the named environment variable', () => {
    expect(parseEngineSpec('mine=http://127.0.0.1:8080,token=MY_TOKEN', { MY_TOKEN: 's3cret' })).to.deep.equal({ name: 'mine', url: 'http://127.0.0.1:8080', token: 's3cret' });
    expect(parseEngineSpec('mine=http://h:1', {})).to.deep.equal({ name: 'mine', url: 'http://h:1' });
  });

  it('answers one line for a malformed entry', () => {
    expect(parseEngineSpec('mine', {})).to.match(/expected name=url/);
    expect(parseEngineSpec('mine=grpc://h:1', {})).to.match(/http\(s\)/);
    expect(parseEngineSpec('mine=http://h:1,token=UNSET', {})).to.match(/UNSET is not set/);
    expect(parseEngineSpec('mine=http://h:1,colour=red', {})).to.match(/unknown option/);
  });
});

describe('interop triage decisions', () => {
  it('keeps the decisions a triage file records, and refuses ones that are not strings', () => {
    const raw = { engine: 'alpha', basis: 'b', decisions: ['422 validation_error is a finding'], entries: [] };
    expect(parseTriageFile(raw, 'alpha.json').decisions).to.deep.equal(['422 validation_error is a finding']);
    expect(() => parseTriageFile({ ...raw, decisions: [1] }, 'alpha.json')).to.throw(/decisions/);
    expect(parseTriageFile({ engine: 'alpha', entries: [] }, 'alpha.json').decisions).to.equal(undefined);
  });
});

describe('interop fixture preload', () => {
  it('gives the hosts the spec fixtures only: the suite-invented conformance-artifact stays out', () => {
    const source = fileURLToPath(new URL('../../fixtures/workflows', import.meta.url));
    const target = join(mkdtempSync(join(tmpdir(), 'interop-fixtures-')), 'fixtures');
    const { leftOut } = preloadSpecFixtures(source, target);
    expect(leftOut).to.deep.equal({ 'conformance-artifact.json': ['core.conformance.artifact'] });
    expect(existsSync(join(target, 'conformance-noop.json'))).to.equal(true);
    expect(existsSync(join(target, 'conformance-artifact.json'))).to.equal(false);
  });

  it('names the node types the spec fixtures never use', () => {
    expect(nonSpecNodeTypes({ nodes: [{ typeId: 'core.noop' }, { typeId: 'acme.x' }, {}] })).to.deep.equal(['acme.x', '(no typeId)']);
    expect(nonSpecNodeTypes({ nodes: [{ typeId: 'core.delay' }] })).to.deep.equal([]);
    expect(nonSpecNodeTypes('not a definition')).to.deep.equal([]);
  });
});
