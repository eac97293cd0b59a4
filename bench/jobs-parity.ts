import { runConformance } from '../harness/runner/conformance-run.js';
import type { ComplianceReport } from '../harness/verdicts/results.js';

/**
 * `npm run bench:parity`: the same reference-engine configurations run at --jobs 1 and --jobs N
 * must reach the same disposition for every requirement (and the same verdict). Prints every
 * difference; exit 1 if there is one. Names on the command line replace the default set; prefix a
 * tolerated variant with `variant:`. `JOBS=N` picks the concurrent side (default 4).
 */

const DEFAULT_SET = [
  'clean',
  'variant:rate-limit-once',
  'variant:eventual-consistency',
  'variant:inline-execution',
  'audit-checkpoints-out-of-order',
  'webhook-ignores-event-filter',
  'pause-keeps-executing',
  'stream-sequence-gap',
  'idempotency-lookup-race',
  'hostile-dies-mid-run',
];

/** Configurations in flight at once per side (as the self-test does); each mostly waits on timers. */
const POOL = 3;

interface Config {
  name: string;
  faults: string[];
  variants: string[];
}

function configOf(name: string): Config {
  if (name === 'clean') return { name, faults: [], variants: [] };
  if (name.startsWith('variant:')) return { name, faults: [], variants: [name.slice('variant:'.length)] };
  return { name, faults: [name], variants: [] };
}

async function inPool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

const run = (config: Config, jobs: number): Promise<ComplianceReport> =>
  runConformance({ target: 'reference', only: [], requireBehavior: false, timeoutScale: 1, faults: config.faults, variants: config.variants, jobs }).then(
    (outcome) => outcome.report,
  );

/**
 * Per-requirement differences between two reports of one configuration, one line each. When the
 * engine stopped answering in both runs (a hostile engine that dies after N calls), which checks
 * had finished by then depends on how calls interleave: pass ↔ blocked there is noted, not counted.
 */
export function dispositionDiff(serial: ComplianceReport, concurrent: ComplianceReport): { differences: string[]; notes: string[] } {
  const lines: string[] = [];
  const notes: string[] = [];
  const bothStopped = serial.connectionError !== null && concurrent.connectionError !== null;
  if (serial.verdict !== concurrent.verdict) lines.push(`verdict ${serial.verdict} → ${concurrent.verdict}`);
  const other = new Map(concurrent.results.map((result) => [result.requirementId, result]));
  for (const result of serial.results) {
    const twin = other.get(result.requirementId);
    if (twin?.disposition === result.disposition) continue;
    const text = `${result.requirementId}: ${result.disposition} → ${twin?.disposition ?? 'absent'} (${twin?.reason ?? ''})`;
    const timing = bothStopped && [result.disposition, twin?.disposition].every((disposition) => disposition === 'pass' || disposition === 'blocked');
    (timing ? notes : lines).push(text);
  }
  const serialOrder = serial.results.map((result) => result.requirementId).join(',');
  if (serialOrder !== concurrent.results.map((result) => result.requirementId).join(',')) lines.push('the result order differs');
  return { differences: lines, notes };
}

async function main(): Promise<void> {
  const jobs = Number(process.env['JOBS'] ?? 4);
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT_SET;
  let differences = 0;
  // Each configuration's pair is judged and printed as soon as both its runs are done.
  await inPool(names.map(configOf), POOL, async (config) => {
    const serial = await run(config, 1);
    const concurrent = await run(config, jobs);
    const { differences: lines, notes } = dispositionDiff(serial, concurrent);
    differences += lines.length;
    const summary = concurrent.summary;
    const out = [
      `${lines.length === 0 ? '=' : '≠'} ${config.name}: --jobs 1 and --jobs ${jobs} ${lines.length === 0 ? 'agree' : 'differ'} (${summary.pass} pass, ${summary.fail} fail, ${summary.blocked} blocked)`,
    ];
    for (const line of lines) out.push(`    ${line}`);
    if (notes.length > 0)
      out.push(
        `    (the engine stopped answering in both runs; ${notes.length} check(s) finished before it did in one run only: ${notes.map((note) => note.split(':')[0]).join(', ')})`,
      );
    process.stdout.write(`${out.join('\n')}\n`);
  });
  if (differences > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
