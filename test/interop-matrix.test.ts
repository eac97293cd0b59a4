import { assert } from 'chai';
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
const alphaSse = report([
  result('stream.live-delivery', 'pass'),
  result('rest.sse-event-ids', 'fail', 'batch frame without id'),
  result('webhook.register-returns-id', 'inapplicable', 'webhooks not advertised'),
]);
const alphaPoll = report([
  result('stream.live-delivery', 'blocked', 'poll: no live stream'),
  result('rest.sse-event-ids', 'pass'),
  result('webhook.register-returns-id', 'inapplicable', 'webhooks not advertised'),
]);
const betaSse = report(
  [
    result('stream.live-delivery', 'pass'),
    result('rest.sse-event-ids', 'pass'),
    result('webhook.register-returns-id', 'pass'),
    result('audit.verify-chain-valid', 'error', 'suite error'),
  ],
  'conformant',
);

const matrix = buildMatrix([
  { engine: 'alpha', mode: 'sse', report: alphaSse },
  { engine: 'alpha', mode: 'poll', report: alphaPoll },
  { engine: 'beta', mode: 'sse', report: betaSse },
  { engine: 'gamma', mode: 'sse', failure: 'the engine exited (code 1) before discovery answered' },
]);

/** parseEngineSpec's refusal of a malformed entry (a string), or a failed test when it accepted it. */
function refusalOf(entry: string, env: Record<string, string>): string {
  const parsed = parseEngineSpec(entry, env);
  if (typeof parsed !== 'string') assert.fail(`accepted ${entry}`);
  return parsed;
}

describe('interop matrix builder', () => {
  it('keeps every report disposition and reason per engine and mode, without re-deriving them', () => {
    assert.deepEqual(
      matrix.columns.map((c) => c.key),
      ['alpha/sse', 'alpha/poll', 'beta/sse', 'gamma/sse'],
    );
    const ids = matrix.rows.map((r) => r.requirementId);
    assert.deepEqual(ids, ['stream.live-delivery', 'rest.sse-event-ids', 'webhook.register-returns-id', 'audit.verify-chain-valid']);
    const sseIds = matrix.rows.find((r) => r.requirementId === 'rest.sse-event-ids');
    assert.deepEqual(sseIds?.cells['alpha/sse'], { disposition: 'fail', reason: 'batch frame without id' });
    assert.strictEqual(sseIds?.cells['alpha/poll']?.disposition, 'pass');
    assert.strictEqual(matrix.rows.find((r) => r.requirementId === 'audit.verify-chain-valid')?.cells['alpha/sse'], undefined);
  });

  it('counts dispositions per run, an unknown one included, and records a run without a report', () => {
    const beta = matrix.columns.find((c) => c.key === 'beta/sse');
    assert.deepEqual(beta?.counts, { pass: 3, error: 1 });
    const gamma = matrix.columns.find((c) => c.key === 'gamma/sse');
    assert.strictEqual(gamma?.verdict, 'no report');
    assert.match(gamma?.failure ?? '', /exited/);
  });

  it('lists in Markdown only the requirements that are not a pass everywhere, and escapes HTML', () => {
    const md = renderMarkdown(matrix);
    assert.include(md, '| `rest.sse-event-ids` | MUST | fail | pass | pass | – |');
    assert.include(md, '| alpha | sse | non-conformant | 1 | 1 | 0 | 1 | 0 | 0 | 1.5 s |');
    const html = renderHtml(buildMatrix([{ engine: 'x', mode: 'sse', report: report([result('a.b', 'fail', '<script>')]) }]));
    assert.include(html, 'title="&#60;script&#62;"');
    assert.notInclude(html, '<script>');
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
    assert.deepEqual(
      moved.map((m) => `${m.mode} ${m.requirementId} ${m.expected}->${m.actual}`),
      ['poll stream.live-delivery pass->blocked', '* stream.gone reported->absent'],
    );
  });

  it('reports nothing once every non-pass is triaged as it is', () => {
    const complete: TriageFile = {
      ...triage,
      entries: [
        ...triage.entries.filter((e) => e.requirementId !== 'stream.gone'),
        { requirementId: 'stream.live-delivery', expected: { poll: 'blocked' }, kind: 'correct-block', why: 'poll has no live stream' },
      ],
    };
    assert.deepEqual(compareWithTriage(matrix, complete), []);
  });

  it('accepts any disposition of an alternation (a race in the engine), and flags one outside it', () => {
    const racing = (expected: string): TriageFile => ({
      ...triage,
      entries: [
        ...triage.entries.filter((e) => e.requirementId !== 'stream.gone'),
        { requirementId: 'stream.live-delivery', expected: { poll: expected }, kind: 'deviation', why: 'inline execution races the reply' },
      ],
    });
    assert.deepEqual(compareWithTriage(matrix, racing('fail|blocked')), []);
    assert.deepEqual(
      compareWithTriage(matrix, racing('fail|pass')).map((m) => `${m.mode} ${m.requirementId} ${m.expected}->${m.actual}`),
      ['poll stream.live-delivery fail|pass->blocked'],
    );
  });

  it('seeds untriaged entries for new non-pass results only, and flags them until triaged', () => {
    const seeded = seedTriage(matrix, 'alpha', triage, 'now');
    const added = seeded.entries.filter((e) => e.kind === 'untriaged');
    assert.deepEqual(
      added.map((e) => [e.requirementId, e.expected]),
      [['stream.live-delivery', { poll: 'blocked' }]],
    );
    assert.strictEqual(added[0]?.why, 'poll: poll: no live stream');
    assert.strictEqual(
      compareWithTriage(matrix, seeded).some((m) => m.note === 'not yet triaged'),
      true,
    );
  });

  it('refuses a triage file that names a suite bug without its class, or a requirement twice', () => {
    const bug = { requirementId: 'a.b', expected: {}, kind: 'suite-bug', why: 'x' };
    assert.throws(() => parseTriageFile({ engine: 'e', entries: [bug] }, 'e.json'), /suiteBugClass/);
    const ok = { requirementId: 'a.b', expected: {}, kind: 'deviation', why: 'x' };
    assert.throws(() => parseTriageFile({ engine: 'e', entries: [ok, ok] }, 'e.json'), /twice/);
  });
});

describe('interop --engine entries', () => {
  it('reads name=url and a token from the named environment variable', () => {
    assert.deepEqual(parseEngineSpec('mine=http://127.0.0.1:8080,token=MY_TOKEN', { MY_TOKEN: 's3cret' }), {
      name: 'mine',
      url: 'http://127.0.0.1:8080',
      token: 's3cret',
    });
    assert.deepEqual(parseEngineSpec('mine=http://h:1', {}), { name: 'mine', url: 'http://h:1' });
  });

  it('answers one line for a malformed entry', () => {
    assert.match(refusalOf('mine', {}), /expected name=url/);
    assert.match(refusalOf('mine=grpc://h:1', {}), /http\(s\)/);
    assert.match(refusalOf('mine=http://h:1,token=UNSET', {}), /UNSET is not set/);
    assert.match(refusalOf('mine=http://h:1,colour=red', {}), /unknown option/);
  });
});

describe('interop triage decisions', () => {
  it('keeps the decisions a triage file records, and refuses ones that are not strings', () => {
    const raw = { engine: 'alpha', basis: 'b', decisions: ['422 validation_error is a finding'], entries: [] };
    assert.deepEqual(parseTriageFile(raw, 'alpha.json').decisions, ['422 validation_error is a finding']);
    assert.throws(() => parseTriageFile({ ...raw, decisions: [1] }, 'alpha.json'), /decisions/);
    assert.strictEqual(parseTriageFile({ engine: 'alpha', entries: [] }, 'alpha.json').decisions, undefined);
  });
});

describe('interop fixture preload', () => {
  it('gives the hosts the spec fixtures only: the suite-invented conformance-artifact stays out', () => {
    const source = fileURLToPath(new URL('../../fixtures/workflows', import.meta.url));
    const target = join(mkdtempSync(join(tmpdir(), 'interop-fixtures-')), 'fixtures');
    const { leftOut } = preloadSpecFixtures(source, target);
    assert.deepEqual(leftOut, { 'conformance-artifact.json': ['core.conformance.artifact'] });
    assert.strictEqual(existsSync(join(target, 'conformance-noop.json')), true);
    assert.strictEqual(existsSync(join(target, 'conformance-artifact.json')), false);
  });

  it('names the node types the spec fixtures never use', () => {
    assert.deepEqual(nonSpecNodeTypes({ nodes: [{ typeId: 'core.noop' }, { typeId: 'acme.x' }, {}] }), ['acme.x', '(no typeId)']);
    assert.deepEqual(nonSpecNodeTypes({ nodes: [{ typeId: 'core.delay' }] }), []);
    assert.deepEqual(nonSpecNodeTypes('not a definition'), []);
  });
});
