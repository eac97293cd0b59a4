import { ARTIFACT_REQUIREMENTS } from './artifact-requirements.js';
import { AUTH_REQUIREMENTS } from './auth-requirements.js';
import { DISCOVERY_REQUIREMENTS } from './discovery-requirements.js';
import { ERRORS_REQUIREMENTS } from './errors-requirements.js';
import { IDEMPOTENCY_REQUIREMENTS } from './idempotency-requirements.js';
import { INPUT_REQUIREMENTS } from './input-requirements.js';
import { INTERRUPT_REQUIREMENTS } from './interrupt-requirements.js';
import { FORK_REQUIREMENTS } from './fork-requirements.js';
import { LIFECYCLE_REQUIREMENTS } from './lifecycle-requirements.js';
import { PAUSE_REQUIREMENTS } from './pause-requirements.js';
import type { Requirement } from './requirement.js';
import { REQUIREMENT_ID_PATTERN } from './requirement.js';
import { STREAM_REQUIREMENTS } from './stream-requirements.js';
import { WORKFLOW_REQUIREMENTS } from './workflow-requirements.js';
import { WEBHOOK_REQUIREMENTS } from './webhook-requirements.js';
import { AUDIT_REQUIREMENTS } from './audit-requirements.js';
import { REST_REQUIREMENTS } from './rest-requirements.js';
import { PARITY_REQUIREMENTS } from './parity-requirements.js';

/**
 * The requirement registry: every requirement the suite can report on, in report order. It is
 * checked when loaded so a typo in an id or a duplicate fails at once, naming the entry.
 */
export class RequirementRegistry {
  readonly all: readonly Requirement[];
  private readonly byId: ReadonlyMap<string, Requirement>;

  constructor(requirements: readonly Requirement[]) {
    const byId = new Map<string, Requirement>();
    requirements.forEach((requirement, index) => {
      if (!REQUIREMENT_ID_PATTERN.test(requirement.id)) {
        throw new Error(`requirement #${index} has a malformed id "${requirement.id}" (want <area>.<kebab-name>)`);
      }
      if (!requirement.id.startsWith(`${requirement.area}.`)) {
        throw new Error(`requirement ${requirement.id} is filed under area "${requirement.area}" but its id says otherwise`);
      }
      if (byId.has(requirement.id)) throw new Error(`requirement id ${requirement.id} is declared twice`);
      byId.set(requirement.id, requirement);
    });
    this.all = requirements;
    this.byId = byId;
  }

  get(id: string): Requirement {
    const requirement = this.byId.get(id);
    if (!requirement) throw new Error(`unknown requirement id "${id}"`);
    return requirement;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }
}

export const REQUIREMENTS = new RequirementRegistry([
  ...DISCOVERY_REQUIREMENTS,
  ...WORKFLOW_REQUIREMENTS,
  ...LIFECYCLE_REQUIREMENTS,
  ...STREAM_REQUIREMENTS,
  ...ERRORS_REQUIREMENTS,
  ...AUTH_REQUIREMENTS,
  ...IDEMPOTENCY_REQUIREMENTS,
  ...INPUT_REQUIREMENTS,
  ...INTERRUPT_REQUIREMENTS,
  ...ARTIFACT_REQUIREMENTS,
  ...WEBHOOK_REQUIREMENTS,
  ...AUDIT_REQUIREMENTS,
  ...FORK_REQUIREMENTS,
  ...PAUSE_REQUIREMENTS,
  ...REST_REQUIREMENTS,
  ...PARITY_REQUIREMENTS,
]);
