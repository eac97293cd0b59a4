import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReferenceEngine } from '../fixtures/reference-engine/index.js';
import { startHostileProxy, withLargeStructMember } from '../test/hostile/hostile-grpc-proxy.js';
import { formatFigure, print, runBench } from './bench-figures.js';

/**
 * Issue 19 item 3: a discovery document with one 50 MB value, accepted under the 64 MiB receive
 * limit. Two figures, both ratios (never timed): the run's extra peak RSS over the same run against
 * the plain engine, per byte of the reply; and the largest report file per byte of the reply
 * (engine-chosen values are bounded: reporters/bounded-document.ts).
 */
const BIN = fileURLToPath(new URL('../bin/openwop-conformance.js', import.meta.url));
const REPLY_BYTES = 50_000_000;
/** Printed by the child as it exits: its peak resident set (resourceUsage().maxRSS, KiB). */
const PEAK_PROBE = 'data:text/javascript,process.on("exit",()=>process.stderr.write("peak-rss-kib="+process.resourceUsage().maxRSS+"\\n"))';

async function discoveryRun(target: string): Promise<{ peakBytes: number; largestReportBytes: number }> {
  const reportDir = await mkdtemp(join(tmpdir(), 'openwop-bench-large-'));
  try {
    const child = spawn(
      process.execPath,
      ['--import', PEAK_PROBE, BIN, 'run', '--target', target, '--only', 'discovery.*', '--report-dir', reportDir, '--quiet'],
      { env: { ...process.env, OPENWOP_TOKEN: '' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const peak = /peak-rss-kib=(\d+)/.exec(stderr)?.[1];
    if (!peak) throw new Error(`the run printed no peak: ${stderr.slice(0, 300)}`);
    const sizes = await Promise.all((await readdir(reportDir)).map(async (name) => (await stat(join(reportDir, name))).size));
    return { peakBytes: Number(peak) * 1024, largestReportBytes: Math.max(...sizes) };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

runBench('large-reply', async () => {
  const engine = await startReferenceEngine();
  const proxy = await startHostileProxy(engine.url, {
    replaceReply: (rpc, reply) => (rpc === 'GetCapabilities' ? withLargeStructMember(reply, 'x-bench-padding', REPLY_BYTES) : undefined),
  });
  const plainProxy = await startHostileProxy(engine.url, {});
  try {
    const plain = await discoveryRun(plainProxy.url);
    const large = await discoveryRun(proxy.url);
    const extra = Math.max(0, large.peakBytes - plain.peakBytes);
    print(
      `discovery run, plain engine: peak RSS ${(plain.peakBytes / 1e6).toFixed(0)} MB; with a ${REPLY_BYTES / 1e6} MB discovery value: ${(large.peakBytes / 1e6).toFixed(0)} MB`,
    );
    print(
      formatFigure({
        label: `extra peak RSS per byte of a ${REPLY_BYTES / 1e6} MB reply (discovery.*, default --jobs)`,
        value: extra / REPLY_BYTES,
        unit: '×',
        atMost: 6,
        because:
          "every live GetCapabilities holds the reply about twice while grpc-js reassembles and protobufjs decodes it, and up to 8 checks call it at once (three of them in discovery.*, plus the runner's copy kept for gating)",
      }),
    );
    print(
      formatFigure({
        label: 'largest report file per byte of the reply',
        value: large.largestReportBytes / REPLY_BYTES,
        unit: '×',
        atMost: 0.01,
        because: 'an engine-chosen value reached a report unbounded',
        digits: 4,
      }),
    );
  } finally {
    await proxy.stop();
    await plainProxy.stop();
    await engine.stop();
  }
});
