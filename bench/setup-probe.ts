/**
 * Child of bench/startup-times.ts: loads what `openwop-conformance run` loads (yargs, the run
 * command and its runner), starts a run of one trivial check against the bundled engine, and
 * prints how long after process start the checks began (performance.now() counts from there):
 * module loading, engine start, connection, discovery and the credentials probe.
 */
const loaded = await Promise.all([import('yargs'), import('../harness/cli/run-command.js'), import('../harness/runner/conformance-run.js')]);
const { runConformance } = loaded[2];
let setupMs: number | undefined;
await runConformance(
  { target: 'reference', only: ['discovery.protocol-version-grammar'], requireBehavior: false, timeoutScale: 1, faults: [] },
  {
    progress: {
      planned: () => {
        setupMs = performance.now();
      },
      checkStarted: () => undefined,
      checkFinished: () => undefined,
      finished: () => undefined,
    },
  },
);
process.stdout.write(`${JSON.stringify({ setupMs })}\n`);
