import type { TestContext } from './test-context.js';

/** One requirement's executable check. Suites export arrays of these; the runner schedules them (suite-runner.ts). */
export interface RequirementTest {
  requirementId: string;
  run(t: TestContext): Promise<void>;
}

/**
 * Declares the check for one requirement. The title, level, spec reference and gate come from the
 * registry entry, never from here, so the id is the only thing a suite states about a requirement.
 */
export function check(requirementId: string, run: (t: TestContext) => Promise<void>): RequirementTest {
  return { requirementId, run };
}
