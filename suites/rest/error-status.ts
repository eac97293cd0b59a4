import { randomBytes } from 'node:crypto';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { RawHttpRequest } from '../../harness/transport/engine-client.js';
import { advertisedFixtures, readCapability } from '../../harness/verdicts/gating.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import { Fixture } from '../fixture-ids.js';
import { UNINFORMATIVE_HTTP_STATUSES, envelopeCodeOf, judgeStatus, specStatusesFor } from './envelope-http-statuses.js';
import { eventsPath, finishedRun, raw } from './raw-http.js';

/**
 * The HTTP status of an error answer agrees with its envelope code (protocol-digest §1.4, §4).
 * The REST client lets the envelope code decide the transport-neutral error class, so an engine
 * answering 500 with `run_not_found` reads as NOT_FOUND everywhere else; only here is the status
 * itself held against the code. Every refusal the suite can provoke on any engine is probed, and
 * each answer is judged by the code it carries, whatever that code is: the other areas judge
 * whether the code is the right one for the case.
 */

interface StatusProbe {
  what: string;
  request: RawHttpRequest;
  /** Bearer override (null: no authorization header); absent: the suite's token. */
  token?: string | null;
  /** This operation's own statuses for a code, where they differ from the table. */
  allowedFor?: (errorCode: string) => readonly number[] | undefined;
}

type ProbeOutcome = { kind: 'judged'; mismatch?: string; seen: string } | { kind: 'uninformative'; reason: string } | { kind: 'unjudged'; reason: string };

/**
 * protocol-digest §8.1: an unknown workflowId on CreateRun is 400 in rest-endpoints.md and 404
 * workflow_not_found in the reference hosts. Both readings pass, including 400 with the
 * reference hosts' code (the spec gives the case 400 without naming a code).
 */
const unknownWorkflowOnCreate = (errorCode: string): readonly number[] | undefined => (errorCode === 'workflow_not_found' ? [400, 404] : undefined);

function baseProbes(t: TestContext): StatusProbe[] {
  const runPath = `/v1/runs/${encodeURIComponent(t.unknownId('rest-status-run'))}`;
  const probes: StatusProbe[] = [
    { what: 'GetRun of an unknown run', request: { method: 'GET', path: runPath } },
    {
      what: 'GetWorkflow of an unknown workflow',
      request: { method: 'GET', path: `/v1/workflows/${encodeURIComponent(t.unknownId('rest-status-workflow'))}` },
    },
    {
      what: 'CreateRun of an unknown workflow',
      request: { method: 'POST', path: '/v1/runs', json: { workflowId: t.unknownId('rest-status-workflow') } },
      allowedFor: unknownWorkflowOnCreate,
    },
    // runId is 1–128 characters (§2 GetRun): validation_error, or run_not_found from an engine that only looks it up.
    { what: 'GetRun of an over-long run id (129 characters)', request: { method: 'GET', path: `/v1/runs/${'r'.repeat(129)}` } },
    // workflowId is required and a string (protocol-digest §2 CreateRun): no engine can start a run from this.
    { what: 'CreateRun with a malformed body (workflowId a number)', request: { method: 'POST', path: '/v1/runs', json: { workflowId: 42 } } },
    // Auth before existence (§2): both are 401 on an engine that checks tokens; one that does not answers as for the unknown run.
    { what: 'GetRun without a token', request: { method: 'GET', path: runPath }, token: null },
    { what: 'GetRun with an invalid token', request: { method: 'GET', path: runPath }, token: `conformance-invalid-${randomBytes(12).toString('hex')}` },
  ];
  if (t.limitedToken !== undefined)
    probes.push({ what: 'GetRun with the limited token (--limited-token)', request: { method: 'GET', path: runPath }, token: t.limitedToken });
  if (readCapability(t.capabilities, 'replay.supported') === true) {
    probes.push({ what: 'ForkRun of an unknown run', request: { method: 'POST', path: `${runPath}:fork`, json: { mode: 'replay', fromSeq: 0 } } });
  }
  return probes;
}

/** The unsupported-stream-mode probe needs a run; a finished one, so an engine that streams anyway still ends the response. */
async function streamModeProbe(t: TestContext): Promise<StatusProbe | undefined> {
  if (!advertisedFixtures(t.capabilities).includes(Fixture.noop)) {
    t.warn(`StreamRunEvents with an unsupported stream mode was not probed: ${Fixture.noop} is not listed in fixtures[]`);
    return undefined;
  }
  const runId = await finishedRun(t, Fixture.noop);
  return {
    what: 'StreamRunEvents with an unsupported stream mode',
    request: {
      method: 'GET',
      path: eventsPath(runId, `?streamMode=${encodeURIComponent('conformance-unknown-mode')}`),
      headers: { accept: 'text/event-stream' },
    },
  };
}

async function sendProbe(t: TestContext, probe: StatusProbe): Promise<ProbeOutcome> {
  const response = await raw(t, probe.request, t.deadlines.callDeadlineMs(), probe.token);
  if (response.status < 400) return { kind: 'unjudged', reason: `${probe.what} was not refused (HTTP ${response.status})` };
  if (UNINFORMATIVE_HTTP_STATUSES.has(response.status))
    return { kind: 'uninformative', reason: `${probe.what} answered HTTP ${response.status}, which says nothing about the engine's status mapping` };
  const errorCode = envelopeCodeOf(response.body);
  // rest.error-body-envelope judges a body that is no envelope (or a route the engine does not serve).
  if (errorCode === undefined) return { kind: 'unjudged', reason: `${probe.what} answered HTTP ${response.status} without an error envelope` };
  const judgement = judgeStatus(errorCode, response.status, probe.allowedFor?.(errorCode) ?? specStatusesFor(errorCode));
  const seen = `${probe.what}: ${response.status} ${errorCode}`;
  if (judgement.kind === 'unjudgeable') return { kind: 'unjudged', reason: `${probe.what}: ${judgement.reason}` };
  return judgement.kind === 'mismatch' ? { kind: 'judged', mismatch: `${probe.what}: ${judgement.reason}`, seen } : { kind: 'judged', seen };
}

export const ERROR_STATUS_CHECKS = [
  check('rest.error-status-matches-code', async (t: TestContext) => {
    const outcomes: ProbeOutcome[] = [];
    for (const probe of baseProbes(t)) outcomes.push(await sendProbe(t, probe));
    const streamProbe = await streamModeProbe(t);
    if (streamProbe) outcomes.push(await sendProbe(t, streamProbe));

    const seen = outcomes.flatMap((outcome) => (outcome.kind === 'judged' ? [outcome.seen] : []));
    for (const outcome of outcomes) if (outcome.kind === 'unjudged') t.warn(`not judged here: ${outcome.reason}`);
    const created = seen.find((entry) => entry.startsWith('CreateRun of an unknown workflow'));
    if (created) t.warn(`unknown workflow on CreateRun (protocol-digest §8.1) answered ${created.split(': ')[1]}`);

    const mismatches = outcomes.flatMap((outcome) => (outcome.kind === 'judged' && outcome.mismatch ? [outcome.mismatch] : []));
    if (mismatches.length > 0)
      t.assertNone(
        mismatches,
        "an error answer's HTTP status disagrees with its envelope code",
        'the HTTP status the spec gives for each envelope code (protocol-digest §1.4, §4)',
      );
    const uninformative = outcomes.flatMap((outcome) => (outcome.kind === 'uninformative' ? [outcome.reason] : []));
    if (uninformative.length > 0) throw new BlockedError(uninformative.join('; '));
    t.precondition(seen.length > 0, 'no probe was answered with an error envelope whose code the spec gives an HTTP status for');
    t.assertNone(mismatches, 'HTTP status of error answers');
  }),
];
