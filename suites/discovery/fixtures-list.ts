import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';

export const FIXTURES_LIST_CHECKS = [
  check('discovery.fixtures-unique-strings', async (t: TestContext) => {
    const fixtures = t.capabilities['fixtures'];
    t.assert.isArray(fixtures, 'fixtures is an array');
    const items = fixtures as unknown[];
    const notStrings = items.filter((item) => typeof item !== 'string' || item.length === 0);
    t.assertNone(notStrings, 'fixtures entries that are not non-empty strings');
    const duplicates = items.filter((item, index) => items.indexOf(item) !== index);
    t.assertNone(duplicates, 'fixtures entries listed more than once');
  }),
];
