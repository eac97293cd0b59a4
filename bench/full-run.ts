import type { EngineClient } from '../harness/transport/engine-client.js';
import { runConformance } from '../harness/runner/conformance-run.js';
import { sharedSchemaRegistry } from '../harness/schemas/schema-registry.js';
import { SchemaId } from '../harness/schemas/schema-ids.js';
import { DEFAULT_JOBS } from '../harness/runner/check-scheduler.js';
import { RUN_TO_LONGEST_CHECK_TARGET, formatFigure, longestCheck } from './bench-figures.js';

/**
 * `npm run bench`: first, one full run at the default --jobs (what `run` does): its wall time, from
 * the call to the report (engine start, discovery and report building included), as a ratio to its
 * own longest check. Then wall time of full runs at --jobs 1, and how that time splits between
 * engine calls and everything else. Printed as figures; no threshold is asserted (the machines are
 * shared and noisy).
 */

const RUNS = 3;
/** delayMs the checks ask for and must wait out: lifecycle.delay-honours-delay and lifecycle.cancelled-stays-cancelled. */
const FIXTURE_DELAYS_MS = 1_000 + 2_000;

interface CallTiming {
  unaryMs: number;
  unaryCalls: number;
  streamMs: number;
  streams: number;
}

/** Times every unary call and how long each event stream stays open. */
function timed(inner: EngineClient, timing: CallTiming): EngineClient {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      if (property === 'streamRunEvents') {
        return (...args: unknown[]) => {
          const opened = performance.now();
          timing.streams += 1;
          const stream = Reflect.apply(value, target, args) as ReturnType<EngineClient['streamRunEvents']>;
          void stream.ended.finally(() => {
            timing.streamMs += performance.now() - opened;
          });
          return stream;
        };
      }
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await (Reflect.apply(value, target, args) as Promise<unknown>);
        } finally {
          timing.unaryMs += performance.now() - started;
          timing.unaryCalls += 1;
        }
      };
    },
  });
}

function validationCostMicros(): number {
  const registry = sharedSchemaRegistry();
  const snapshot = {
    runId: 'r-1',
    workflowId: 'conformance-noop',
    status: 'completed',
    startedAt: '2026-11-24T00:00:00.000Z',
    variables: { a: 1 },
    nodeStates: { n: { status: 'completed' } },
  };
  registry.validate(SchemaId.runSnapshot, snapshot);
  const iterations = 20_000;
  const started = performance.now();
  for (let index = 0; index < iterations; index += 1) registry.validate(SchemaId.runSnapshot, snapshot);
  return ((performance.now() - started) * 1000) / iterations;
}

/** One run as `run` makes it, and its wall time over its longest check. */
async function defaultJobsRatio(): Promise<string[]> {
  const started = performance.now();
  const { report } = await runConformance({ target: 'reference', only: [], requireBehavior: false, timeoutScale: 1, faults: [], jobs: DEFAULT_JOBS });
  const wallMs = performance.now() - started;
  const longest = longestCheck(report);
  const verdict = report.verdict === 'conformant' ? '' : ` (warning: the run was ${report.verdict}: ${report.verdictReason})`;
  return [
    `full reference run at the default --jobs ${DEFAULT_JOBS}: ${(wallMs / 1000).toFixed(2)} s wall; its longest check ${longest.id} ${(longest.ms / 1000).toFixed(2)} s${verdict}`,
    formatFigure({
      label: 'full run / its longest check (one run)',
      value: wallMs / longest.ms,
      unit: '×',
      atMost: RUN_TO_LONGEST_CHECK_TARGET,
      because:
        'the run also holds engine start, discovery and report building, and the exclusive checks (input, webhook, audit) run alone after the rest; on a loaded machine the short checks queue for CPU',
    }),
  ];
}

async function main(): Promise<void> {
  for (const line of await defaultJobsRatio()) process.stdout.write(`${line}\n`);
  const walls: number[] = [];
  const timing: CallTiming = { unaryMs: 0, unaryCalls: 0, streamMs: 0, streams: 0 };
  let requirements = 0;
  const cpuBefore = process.cpuUsage();
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const { report } = await runConformance(
      { target: 'reference', only: [], requireBehavior: false, timeoutScale: 1, faults: [] },
      { wrapTransport: (client) => timed(client, timing) },
    );
    walls.push(performance.now() - started);
    requirements = report.summary.total;
    if (report.verdict !== 'conformant') process.stdout.write(`warning: run ${run + 1} was ${report.verdict}: ${report.verdictReason}\n`);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const totalWall = walls.reduce((sum, value) => sum + value, 0);
  const mean = totalWall / RUNS;
  const perCall = timing.unaryMs / Math.max(1, timing.unaryCalls);
  const validation = validationCostMicros();
  const lines = [
    `full reference run at --jobs 1 (${requirements} requirements; bench/jobs-speedup.ts measures --jobs): mean ${mean.toFixed(0)} ms over ${RUNS} runs (min ${Math.min(...walls).toFixed(0)}, max ${Math.max(...walls).toFixed(0)}); target < 10000 ms → ratio ${(mean / 10_000).toFixed(2)}`,
    `unary engine calls: ${timing.unaryCalls / RUNS} per run, ${perCall.toFixed(2)} ms each; ${((timing.unaryMs / totalWall) * 100).toFixed(1)}% of wall time`,
    `event streams: ${timing.streams / RUNS} per run, open ${((timing.streamMs / totalWall) * 100).toFixed(1)}% of wall time (overlaps unary calls: waits re-read GetRun while a stream is open)`,
    `everything else (harness work, fixture delays awaited outside calls): ${(100 - (timing.unaryMs / totalWall) * 100).toFixed(1)}% of wall time`,
    `CPU time (harness and the in-process engine together): ${(cpuMs / RUNS).toFixed(0)} ms per run = ${((cpuMs / totalWall) * 100).toFixed(1)}% of wall time; the rest is waiting, mostly on the fixture delays the delay and cancel checks request (${FIXTURE_DELAYS_MS} ms per run)`,
    `schema validation of one run snapshot: ${validation.toFixed(1)} µs = ${((validation / 1000 / perCall) * 100).toFixed(2)}% of a unary call`,
  ];
  for (const line of lines) process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
