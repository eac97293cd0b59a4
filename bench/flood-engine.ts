import { startReferenceEngine } from '../fixtures/reference-engine/index.js';

/**
 * Child of bench/event-throughput.ts: the reference engine in its own process (so the reader's
 * memory is the reader's alone), serving `bench-event-flood` with argv[2] events per run. Prints
 * its URL, then runs until stdin closes or SIGTERM.
 */
const events = Number(process.argv[2]);
if (!(Number.isInteger(events) && events > 0)) throw new Error('flood-engine: give the number of events');
const engine = await startReferenceEngine({ benchEventFlood: events });
process.stdout.write(`${engine.url}\n`);
const stop = (): void => {
  void engine.stop().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.stdin.once('end', stop);
process.stdin.resume();
