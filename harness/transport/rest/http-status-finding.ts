import type { RpcName } from '../rpc-names.js';
import { WireSchemaViolation } from '../../verdicts/outcome-errors.js';

/** Who owns which HTTP status finding (the rest area's two status requirements). */
export const HTTP_STATUS_OWNERS = {
  error: 'rest.error-status-matches-code',
  success: 'rest.success-status-codes',
} as const;

/**
 * An HTTP status that disagrees with the REST status table, seen on any call of any check. Like a
 * schema violation it is charged to the requirement that owns the table (HTTP_STATUS_OWNERS)
 * wherever it was seen, so it rides the same collector path; it only reads differently: one
 * finding per operation, status and code, however many calls showed it.
 */
export class HttpStatusFinding extends WireSchemaViolation {
  override readonly findingLabel = 'HTTP status finding';
  override readonly findingExpectation: string;
  readonly #key: string;
  readonly #text: string;

  constructor(init: { requirementId: string; rpc: RpcName; key: string; text: string; expectation: string; request?: unknown }) {
    super({
      requirementId: init.requirementId,
      rpc: init.rpc,
      schemaName: 'the REST status table',
      issues: [],
      subject: `${init.rpc} answer`,
      request: init.request,
    });
    this.message = init.text;
    this.#key = init.key;
    this.#text = init.text;
    this.findingExpectation = init.expectation;
  }

  override findingKeys(): { key: string; text: string }[] {
    return [{ key: this.#key, text: this.#text }];
  }
}
