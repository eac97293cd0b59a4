import { assert } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { INTERRUPTED, runSuites } from '../../harness/runner/suite-runner.js';
import type { SuiteRunInput } from '../../harness/runner/suite-runner.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { RequirementTest } from '../../harness/runner/suite-dsl.js';
import type { RunProgress } from '../../harness/verdicts/run-progress.js';
import { RequirementRegistry } from '../../harness/requirements/registry.js';
import type { Area, Requirement } from '../../harness/requirements/requirement.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import type { EngineClient } from '../../harness/transport/engine-client.js';
import { Deadlines } from '../../harness/waits/deadlines.js';
import { fakeEngineClient } from '../support/fake-engine-client.js';

const requirement = (id: string, area: Area): Requirement => ({ id, title: id, level: 'MUST', area, rpcs: ['GetRun'], specRef: 'test' });

/** Checks of different lengths, so a concurrent run finishes them out of the serial order. */
const SPECS: { id: string; area: Area; ms: number }[] = [
  { id: 'lifecycle.slow', area: 'lifecycle', ms: 120 },
  { id: 'lifecycle.quick', area: 'lifecycle', ms: 5 },
  { id: 'stream.middle', area: 'stream', ms: 60 },
  { id: 'stream.quick', area: 'stream', ms: 5 },
  { id: 'webhook.alone', area: 'webhook', ms: 20 },
  { id: 'audit.alone', area: 'audit', ms: 20 },
];

function input(transport: EngineClient, checks: RequirementTest[], requirements: Requirement[], extra: Partial<SuiteRunInput> = {}): SuiteRunInput {
  return {
    transport,
    schemas: sharedSchemaRegistry(),
    requirements: new RequirementRegistry(requirements),
    checks,
    capabilities: {},
    selection: { only: [], requireBehavior: false, transport: 'grpc' },
    deadlines: new Deadlines(1),
    reproTarget: { url: 'grpc://fake:1', usesToken: false },
    ...extra,
  };
}

/** Progress events in the order the runner reported them. */
function recordingProgress(log: string[]): RunProgress {
  return {
    planned: () => undefined,
    checkStarted: (id) => log.push(`start ${id}`),
    checkFinished: (id, disposition) => log.push(`end ${id} ${disposition}`),
    finished: () => undefined,
  };
}

describe('perf: runSuites with --jobs > 1', function () {
  this.timeout(20_000);

  it('runs checks concurrently, exclusive ones alone, and reports results and progress in the serial order', async () => {
    let inFlight = 0;
    let most = 0;
    const overlapped: string[] = [];
    const checks = SPECS.map((spec) =>
      check(spec.id, async (t) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        if (spec.area === 'webhook' || spec.area === 'audit') {
          if (inFlight > 1) overlapped.push(spec.id);
        }
        await sleep(spec.ms);
        if (spec.area === 'webhook' || spec.area === 'audit') {
          if (inFlight > 1) overlapped.push(spec.id);
        }
        inFlight -= 1;
        t.assert.strictEqual(spec.ms >= 0, true, 'ran');
      }),
    );
    const requirements = SPECS.map((spec) => requirement(spec.id, spec.area));
    const progressLog: string[] = [];
    const serial = await runSuites(input(fakeEngineClient({}), checks, requirements, { jobs: 1 }));
    most = 0;
    const concurrent = await runSuites(input(fakeEngineClient({}), checks, requirements, { jobs: 4, progress: recordingProgress(progressLog) }));
    assert.isAtLeast(most, 2, 'checks in flight at once');
    assert.isAtMost(most, 4, 'checks in flight at once');
    assert.deepEqual(overlapped, [], 'exclusive checks that ran beside another');
    assert.deepEqual(
      concurrent.results.map((result) => [result.requirementId, result.disposition]),
      serial.results.map((result) => [result.requirementId, result.disposition]),
    );
    assert.strictEqual(
      concurrent.results.every((result) => result.disposition === 'pass'),
      true,
    );
    // Each check's start and end lines pair up, one check after another, in the areas' order.
    const serialOrder = requirements.map((entry) => entry.id);
    const ordered = [...serialOrder].sort(
      (a, b) =>
        ['lifecycle', 'stream', 'webhook', 'audit'].indexOf(a.split('.')[0] ?? '') - ['lifecycle', 'stream', 'webhook', 'audit'].indexOf(b.split('.')[0] ?? ''),
    );
    assert.deepEqual(
      progressLog,
      ordered.flatMap((id) => [`start ${id}`, `end ${id} pass`]),
    );
  });

  it('a Ctrl-C cancels every check in flight and blocks the rest as interrupted', async () => {
    const stop = new AbortController();
    let started = 0;
    const hanging = fakeEngineClient({
      getRun: (_request, options) =>
        new Promise((_resolve, reject) => {
          const cancelled = (): void =>
            reject(
              new RpcError({
                rpc: 'GetRun',
                code: GrpcCode.CANCELLED,
                statusMessage: 'cancelled by the suite',
                trailers: {},
                envelope: undefined,
                envelopeProblem: 'absent',
              }),
            );
          if (options?.signal?.aborted) cancelled();
          options?.signal?.addEventListener('abort', cancelled);
          started += 1;
          // The user presses Ctrl-C while three checks are mid-call.
          if (started === 3) stop.abort();
        }),
    });
    const ids = Array.from({ length: 8 }, (_, index) => `lifecycle.hang-${'abcdefgh'[index] ?? 'z'}`);
    const checks = ids.map((id) =>
      check(id, async (t) => {
        await t.client.getRun({ runId: 'r' });
        t.assert.fail('the hanging call answered');
      }),
    );
    const began = Date.now();
    const outcome = await runSuites(
      input(
        hanging,
        checks,
        ids.map((id) => requirement(id, 'lifecycle')),
        { jobs: 4, signal: stop.signal },
      ),
    );
    assert.isBelow(Date.now() - began, 5_000, 'ends at once, not at a deadline');
    assert.strictEqual(outcome.stoppedAnswering, INTERRUPTED);
    assert.deepEqual(
      outcome.results.map((result) => result.disposition),
      ids.map(() => 'blocked'),
    );
    assert.strictEqual(
      outcome.results.every((result) => (result.reason ?? '').includes('interrupted')),
      true,
    );
  });

  it('an engine that stops answering opens the circuit once: the checks in flight and the rest are blocked, none failed', async () => {
    const unavailable = fakeEngineClient({
      getRun: async () => {
        await sleep(5);
        throw new RpcError({
          rpc: 'GetRun',
          code: GrpcCode.UNAVAILABLE,
          statusMessage: 'connection refused',
          trailers: {},
          envelope: undefined,
          envelopeProblem: 'absent',
        });
      },
    });
    const ids = Array.from({ length: 10 }, (_, index) => `lifecycle.gone-${'abcdefghij'[index] ?? 'z'}`);
    const checks = ids.map((id) =>
      check(id, async (t) => {
        await t.client.getRun({ runId: 'r' });
        t.assert.fail('UNAVAILABLE answered');
      }),
    );
    const outcome = await runSuites(
      input(
        unavailable,
        checks,
        ids.map((id) => requirement(id, 'lifecycle')),
        { jobs: 4 },
      ),
    );
    assert.include(outcome.stoppedAnswering ?? '', 'stopped answering');
    assert.deepEqual(
      outcome.results.filter((result) => result.disposition === 'fail').map((result) => result.requirementId),
      [],
    );
    assert.isAtLeast(outcome.results.filter((result) => result.disposition === 'blocked').length, ids.length - 3);
  });
});
