// Starting an engine as a child process on a free port, waiting for its discovery document, and
// stopping it (its whole process group, which only this script started).

import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { HostStart } from './hosts.js';

/**
 * A port that was free a moment ago: Node binds 0, reads the port and closes it. An external process
 * cannot be told "bind 0 and report back", so this is the closest; a race with another process is
 * possible but shows as a start failure, never as a verdict.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not read a free port'))));
    });
  });
}

export interface RunningEngine {
  child: ChildProcess;
  exited: Promise<number | null>;
}

export function startEngine(start: HostStart, env: Record<string, string>, logFile: string): RunningEngine {
  const log = createWriteStream(logFile);
  const child = spawn(start.command, start.args, {
    cwd: start.cwd,
    env: { ...process.env, ...start.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  return { child, exited };
}

/** Polls `GET /.well-known/openwop` until it answers 200, the process exits, or `seconds` pass. */
export async function waitForDiscovery(baseUrl: string, engine: RunningEngine | undefined, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let exitCode: number | null | undefined;
  void engine?.exited.then((code) => {
    exitCode = code;
  });
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`the engine exited (code ${String(exitCode)}) before discovery answered`);
    try {
      const response = await fetch(new URL('/.well-known/openwop', baseUrl), { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await delay(250);
  }
  throw new Error(`GET /.well-known/openwop did not answer 200 within ${seconds} s (last: ${last})`);
}

/** SIGTERM to the engine's process group, SIGKILL after 5 s. */
export async function stopEngine(engine: RunningEngine): Promise<void> {
  const pid = engine.child.pid;
  if (pid === undefined || engine.child.exitCode !== null) return;
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-pid, name);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  const stopped = await Promise.race([engine.exited.then(() => true), delay(5000).then(() => false)]);
  if (!stopped) {
    signal('SIGKILL');
    await engine.exited;
  }
}
