import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatFigure, median, print, runBench } from './bench-figures.js';

/**
 * Start-up: wall time of the listing commands (process start to exit) and a run's set-up (process
 * start to the first check, bench/setup-probe.ts), each the median of a few fresh processes.
 */
const BIN = fileURLToPath(new URL('../bin/openwop-conformance.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./setup-probe.js', import.meta.url));
const SAMPLES = 5;

function wallMs(args: string[]): number {
  const started = performance.now();
  execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - started;
}

function setupMs(): number {
  const output = execFileSync(process.execPath, [PROBE], { encoding: 'utf8' });
  const parsed = JSON.parse(output.trim().split('\n').pop() ?? '{}') as { setupMs?: number };
  if (typeof parsed.setupMs !== 'number') throw new Error('the set-up probe did not reach the checks');
  return parsed.setupMs;
}

runBench('startup-times', async () => {
  const because = 'Node itself takes ~40 ms to start and this machine is shared; see `node --cpu-prof` for the modules loaded';
  for (const command of ['requirements', 'faults']) {
    const samples = Array.from({ length: SAMPLES }, () => wallMs([BIN, command]));
    print(formatFigure({ label: `\`${command}\` start-up (median of ${SAMPLES})`, value: median(samples) / 1000, unit: ' s', atMost: 0.3, because }));
  }
  const setups = Array.from({ length: SAMPLES }, () => setupMs());
  print(
    formatFigure({
      label: `a run's set-up: process start to first check, bundled engine (median of ${SAMPLES})`,
      value: median(setups) / 1000,
      unit: ' s',
      atMost: 0.5,
      because: 'grpc-js, protobufjs (parsing engine.proto) and the in-process reference engine load before the first call',
    }),
  );
  await Promise.resolve();
});
