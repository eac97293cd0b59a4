import { assert } from 'chai';
import fc from 'fast-check';
import { isJsonObject } from '../../harness/support/json.js';
import { SchemaId, type SchemaKey } from '../../harness/schemas/schema-ids.js';
import { SchemaRegistry, formatSchemaIssue } from '../../harness/schemas/schema-registry.js';
import { loadStandaloneValidators } from '../../harness/schemas/standalone-validators.js';
import { readSchemaBundle } from '../../harness/schemas/schema-bundle.js';
import { SCHEMAS_DIR } from '../../harness/support/package-paths.js';
import { CASES } from '../support/schema-examples.js';

/**
 * The validators generated at build time (scripts/compile-schemas.ts) must judge exactly as the
 * run-time compiled ones: same verdict, same issues, same wording (incl. the "(got …)" values the
 * registry adds from Ajv's verbose errors).
 */
const standalone = SchemaRegistry.load();
const runtime = SchemaRegistry.load(undefined, { standalone: false });

const issuesOf = (registry: SchemaRegistry, id: string, value: unknown): string[] => registry.validate(id, value).map(formatSchemaIssue);
const payloadIssuesOf = (registry: SchemaRegistry, type: string, value: unknown): { known: boolean; issues: string[] } => {
  const { known, issues } = registry.validateEventPayload(type, value);
  return { known, issues: issues.map(formatSchemaIssue) };
};

/** Payload definition names (helpers, `_…`, are never looked up by event type). */
function payloadDefNames(): string[] {
  const defs = readSchemaBundle(SCHEMAS_DIR()).documents.get(SchemaId.runEventPayloads)?.['$defs'];
  return isJsonObject(defs) ? Object.keys(defs).filter((name) => !name.startsWith('_')) : [];
}

describe('perf: standalone schema validators', () => {
  it('the build generated them and the bundled registry uses them', () => {
    assert.strictEqual(standalone.precompiled, true, 'run `npm run build` (it runs scripts/compile-schemas.ts)');
    assert.strictEqual(runtime.precompiled, false);
    assert.deepEqual(standalone.ids(), runtime.ids());
  });

  it("a digest other than the schemas' text leaves them unused (run-time compile instead)", () => {
    assert.strictEqual(loadStandaloneValidators('0'.repeat(64)), undefined);
  });

  it('agree with run-time validators on every valid and invalid example, message for message', () => {
    let withGot = 0;
    let rejected = 0;
    for (const key of Object.keys(CASES) as SchemaKey[]) {
      for (const testCase of CASES[key]) {
        const expected = issuesOf(runtime, SchemaId[key], testCase.value);
        assert.deepEqual(issuesOf(standalone, SchemaId[key], testCase.value), expected, `${key}: ${testCase.name}`);
        if (expected.length > 0) rejected += 1;
        if (expected.some((issue) => issue.includes('(got '))) withGot += 1;
      }
    }
    // The comparison is only worth something if it covered rejections and the verbose wording.
    assert.isAbove(rejected, 10, 'examples rejected');
    assert.isAbove(withGot, 0, 'examples whose issues quote the value');
  });

  it('agree on arbitrary JSON for every schema', () => {
    for (const id of runtime.ids()) {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
          assert.deepEqual(issuesOf(standalone, id, value), issuesOf(runtime, id, value), id);
        }),
        { numRuns: 40, seed: 7 },
      );
    }
  });

  it('agree on every run-event payload definition, for objects and wrong types', () => {
    const names = payloadDefNames();
    assert.isAbove(names.length, 10, 'payload definitions');
    for (const name of names) {
      for (const value of [{}, null, 'x', 3, [], { unexpected: true }]) {
        const expected = payloadIssuesOf(runtime, name, value);
        assert.strictEqual(expected.known, true, name);
        assert.deepEqual(payloadIssuesOf(standalone, name, value), expected, name);
      }
    }
  });
});
