import { assert } from 'chai';
import { readFileSync } from 'node:fs';
import { LEDGER_PATH, STATEMENT_LEVELS, ledgerInconsistencies, loadSpecLedger, proofsByRequirement } from '../harness/ledger/spec-ledger.js';
import type { SpecLedger } from '../harness/ledger/spec-ledger.js';
import { REQUIREMENTS } from '../harness/requirements/registry.js';
import { SchemaId } from '../harness/schemas/schema-ids.js';
import { formatSchemaIssue, sharedSchemaRegistry } from '../harness/schemas/schema-registry.js';

const ids = REQUIREMENTS.all.map((requirement) => requirement.id);
const clone = (ledger: SpecLedger): SpecLedger => JSON.parse(JSON.stringify(ledger)) as SpecLedger;

describe('spec ledger ↔ requirement registry', () => {
  const ledger = loadSpecLedger();

  it('ledger/statements.json is valid against schemas/spec-ledger.schema.json', () => {
    const raw: unknown = JSON.parse(readFileSync(LEDGER_PATH(), 'utf8'));
    const issues = sharedSchemaRegistry().validate(SchemaId.specLedger, raw);
    assert.deepEqual(issues.map(formatSchemaIssue), []);
  });

  it('is consistent both ways: ids unique, no dangling requirement, every requirement mapped or beyond-spec', () => {
    assert.deepEqual(ledgerInconsistencies(ledger, ids), []);
  });

  it('catches each kind of inconsistency it claims to', () => {
    const broken = clone(ledger);
    const first = broken.statements[0];
    assert.exists(first);
    if (!first) return;
    broken.statements.push({ ...first });
    broken.statements[1]?.provedBy?.push({ requirement: 'lifecycle.no-such-requirement', extent: 'full', part: 'x' });
    const mapped = proofsByRequirement(ledger);
    const someMapped = [...mapped.keys()][0] ?? '';
    broken.beyondSpec.push({ requirement: someMapped, why: 'test' });
    const problems = ledgerInconsistencies(broken, [...ids, 'lifecycle.orphan']).join('\n');
    assert.include(problems, `statement id ${first.id} appears twice`);
    assert.include(problems, 'names unknown requirement lifecycle.no-such-requirement');
    assert.include(problems, `${someMapped} is marked beyond-spec but proves`);
    assert.include(problems, 'requirement lifecycle.orphan proves no statement and is not marked beyond-spec');
  });

  it('a beyond-spec requirement proves nothing, so none of them can carry a MUST statement', () => {
    const mapped = proofsByRequirement(ledger);
    for (const entry of ledger.beyondSpec) assert.isUndefined(mapped.get(entry.requirement), entry.requirement);
  });

  it('every verified statement names the spec commit read, and every untestable one says why', () => {
    for (const statement of ledger.statements) {
      assert.include(STATEMENT_LEVELS, statement.level, statement.id);
      if (statement.verified) assert.match(statement.specCommit ?? '', /^[0-9a-f]{40}$/, statement.id);
      if (statement.untestable !== undefined) assert.isAbove(statement.untestable.length, 10, statement.id);
    }
  });

  it("ids are <doc stem>.<name>, and the stem is the document's file name", () => {
    for (const statement of ledger.statements) {
      const stem = statement.id.split('.')[0] ?? '';
      const docs = statement.doc.split(/[;\s]/).filter((part) => /\.(md|json)$/.test(part));
      const stems = docs.map((doc) => (doc.split('/').pop() ?? '').replace(/\.schema\.json$|\.md$|\.json$/, ''));
      // schemas/*.schema.json entries take the stem `schemas`; conformance/fixtures.md `fixtures`.
      assert.isTrue(
        stems.includes(stem) || (stem === 'schemas' && statement.doc.startsWith('schemas/')) || stems.length === 0,
        `${statement.id} vs ${statement.doc}`,
      );
    }
  });
});
