import grpc from '@grpc/grpc-js';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGrpcEngineClient } from '../harness/transport/grpc-engine-client.js';
import { loadEngineProto } from '../harness/transport/load-engine-proto.js';
import { createValidatingClient } from '../harness/schemas/wire-validation.js';
import { sharedSchemaRegistry } from '../harness/schemas/schema-registry.js';
import { readRunLog } from '../harness/waits/run-log-reader.js';
import { Deadlines } from '../harness/waits/deadlines.js';

/**
 * Child of bench/event-throughput.ts, run with --expose-gc: creates one `bench-event-flood` run,
 * waits for it to finish, then reads its whole log either through the suite (`suite`: the
 * validating client and readRunLog, as the stream checks do) or through a bare grpc-js client that
 * only decodes (`bare`). Prints the read's wall time, the events seen and the peak heap above the
 * level before reading.
 */
const [url, mode] = process.argv.slice(2);
if (!url || (mode !== 'suite' && mode !== 'bare')) throw new Error('flood-reader: <url> suite|bare');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('flood-reader: run with --expose-gc');

const client = createGrpcEngineClient({ target: url, defaultDeadlineMs: 120_000 });
const { runId } = await client.createRun({ workflowId: 'bench-event-flood' });
for (;;) {
  const { snapshot } = await client.getRun({ runId });
  if (snapshot?.['status'] === 'completed') break;
  await sleep(20);
}

gc();
const before = process.memoryUsage();
let peakHeap = before.heapUsed;
let peakRss = before.rss;
const sample = (): void => {
  const now = process.memoryUsage();
  peakHeap = Math.max(peakHeap, now.heapUsed);
  peakRss = Math.max(peakRss, now.rss);
};
// process.memoryUsage() walks the heap spaces: every 20 ms keeps its cost out of the figures.
const sampler = setInterval(sample, 20);
const started = performance.now();
const cpuBefore = process.cpuUsage();
let events = 0;
if (mode === 'suite') {
  let violations = 0;
  const validating = createValidatingClient(client, sharedSchemaRegistry(), {
    listener: { onCall: () => undefined, onViolation: () => (violations += 1), onWarning: () => undefined },
  });
  const log = await readRunLog(validating, runId, new Deadlines(1).suite(120_000, 'bench'), () => undefined, ['debug']);
  events = log.events.length + log.omitted;
  if (violations > 0) throw new Error(`flood-reader: ${violations} schema violations in the flood`);
} else {
  const proto = loadEngineProto();
  const bare = new proto.EngineClient(url.replace(/^grpc:\/\//, ''), grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
  });
  const method = (bare as unknown as Record<string, (request: object) => grpc.ClientReadableStream<unknown>>)['StreamRunEvents'];
  if (!method) throw new Error('flood-reader: no StreamRunEvents on the bare client');
  await new Promise<void>((resolve, reject) => {
    const call = method.call(bare, { run_id: runId, last_sequence: '-1', stream_modes: ['debug'] });
    call.on('data', () => {
      events += 1;
    });
    call.on('end', () => resolve());
    call.on('error', (error: Error) => reject(error));
  });
  bare.close();
}
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
sample();
client.close();
process.stdout.write(
  `${JSON.stringify({ mode, events, ms, cpuMs: (cpu.user + cpu.system) / 1000, peakHeapMiB: (peakHeap - before.heapUsed) / 2 ** 20, peakRssMiB: peakRss / 2 ** 20 })}\n`,
);
