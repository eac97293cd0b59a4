import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { envelopeDetails } from '../stream/stream-reading.js';

/**
 * rest-endpoints.md §details.correlationId convention: a host that issues a trace id puts it under
 * details.correlationId, and "when present, details.correlationId MUST be a non-empty string". The
 * convention is RECOMMENDED (for 5xx), so absence passes; the probes are errors every engine answers.
 */
export const CORRELATION_ID_CHECKS = [
  check('errors.correlation-id-non-empty', async (t: TestContext) => {
    const probes: { what: string; call: () => Promise<unknown> }[] = [
      { what: 'GetRun(unknown run)', call: () => t.client.getRun({ runId: t.unknownId('run-absent') }) },
      { what: 'GetWorkflow(unknown workflow)', call: () => t.client.getWorkflow({ workflowId: t.unknownId('workflow-absent') }) },
      { what: 'CreateRun(unknown workflow)', call: () => t.client.createRun({ workflowId: t.unknownId('workflow-absent') }) },
    ];
    const findings: string[] = [];
    const carried: string[] = [];
    for (const probe of probes) {
      let error: unknown;
      try {
        await probe.call();
      } catch (caught) {
        error = caught;
      }
      if (error === undefined) {
        t.warn(`${probe.what} was answered OK, so it carried no error envelope to read (the errors area reports that)`);
        continue;
      }
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- whatever the probe threw, unchanged: a suite error
      if (!(error instanceof RpcError)) throw error;
      const uninformative = uninformativeReason(error);
      t.precondition(!uninformative, `${probe.what}: ${uninformative ?? ''}`);
      const details = envelopeDetails(error);
      if (!details || !('correlationId' in details)) continue;
      const id = details['correlationId'];
      carried.push(probe.what);
      if (typeof id !== 'string' || id.trim() === '')
        findings.push(
          `${probe.what} (${error.codeName} ${error.envelopeCode ?? ''}) carries details.correlationId ${JSON.stringify(id)}: not a non-empty string`,
        );
    }
    t.warn(
      carried.length > 0
        ? `details.correlationId carried by: ${carried.join(', ')}`
        : "no probe's error envelope carried details.correlationId (RECOMMENDED for 5xx only; absence passes)",
    );
    t.assertNone(findings, 'details.correlationId of the error envelopes', 'absent, or a non-empty string');
  }),
];
