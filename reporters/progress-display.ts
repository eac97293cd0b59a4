import type { Disposition } from '../harness/verdicts/results.js';
import type { PlannedCheck, RunProgress } from '../harness/verdicts/run-progress.js';

/** Where progress goes: the CLI hands stderr, with whether it is a terminal. */
export interface ProgressSink {
  write(text: string): void;
  isTTY: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** A check running longer than this gets a line in CI mode. */
  slowCheckMs?: number;
  /** How often the TTY line is redrawn and slow checks are looked at; 0 leaves ticking to the caller (tests). */
  tickMs?: number;
  now?: () => number;
}

const SLOW_CHECK_MS = 5_000;
const STILL_RUNNING_EVERY_MS = 30_000;
const PREFIX = 'openwop-conformance:';
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Live progress of a run. On a terminal: one line redrawn in place (area, done/total, failures so
 * far, the check running now and for how long). Elsewhere (CI logs): a plain line when an area is
 * done and for each check slower than a few seconds, so a long run is never silent.
 */
export class ProgressDisplay implements RunProgress {
  private checks: PlannedCheck[] = [];
  private readonly done = new Set<string>();
  private failures = 0;
  /** The area of the check that ran last, so the line does not flicker between checks. */
  private area = 'checks';
  private current: { requirementId: string; area: string; startedAt: number; reportedAt: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly slowCheckMs: number;

  constructor(
    private readonly sink: ProgressSink,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.slowCheckMs = options.slowCheckMs ?? SLOW_CHECK_MS;
    const tickMs = options.tickMs ?? 1_000;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.tick(), tickMs);
      this.timer.unref();
    }
  }

  planned(checks: readonly PlannedCheck[]): void {
    this.checks = [...checks];
    if (!this.sink.isTTY) this.sink.write(`${PREFIX} running ${checks.length} checks in ${new Set(checks.map((check) => check.area)).size} areas\n`);
  }

  checkStarted(requirementId: string): void {
    const area = this.checks.find((check) => check.requirementId === requirementId)?.area ?? '?';
    const startedAt = this.now();
    this.area = area;
    this.current = { requirementId, area, startedAt, reportedAt: startedAt };
    this.tick();
  }

  checkFinished(requirementId: string, disposition: Disposition): void {
    if (this.done.has(requirementId)) return;
    this.done.add(requirementId);
    if (disposition === 'fail') this.failures += 1;
    const current = this.current;
    if (current?.requirementId === requirementId) {
      const elapsed = this.now() - current.startedAt;
      if (!this.sink.isTTY && elapsed >= this.slowCheckMs) this.sink.write(`${PREFIX} ${requirementId} took ${seconds(elapsed)} (${disposition})\n`);
      this.current = undefined;
    }
    const area = this.checks.find((check) => check.requirementId === requirementId)?.area;
    if (!this.sink.isTTY && area !== undefined && this.checks.filter((check) => check.area === area).every((check) => this.done.has(check.requirementId))) {
      this.sink.write(`${PREFIX} ${area} done (${this.done.size}/${this.checks.length} checks, ${this.failures} failed so far)\n`);
    }
    this.tick();
  }

  finished(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.sink.isTTY) this.sink.write('\r\x1b[K');
  }

  /** The line a terminal shows now. */
  statusLine(): string {
    const current = this.current;
    const running = current ? ` · ${current.requirementId} ${seconds(this.now() - current.startedAt)}` : '';
    return `${this.area} ${this.done.size}/${this.checks.length} · ${this.failures} failed${running}`;
  }

  tick(): void {
    if (this.sink.isTTY) {
      // A pseudo-terminal may report 0 columns; assume the classic 80 then.
      const columns = this.sink.columns !== undefined && this.sink.columns > 0 ? this.sink.columns : 80;
      const width = Math.max(20, columns - 1);
      this.sink.write(`\r\x1b[K${this.statusLine().slice(0, width)}`);
      return;
    }
    const current = this.current;
    if (!current) return;
    const elapsed = this.now() - current.startedAt;
    const sinceReport = this.now() - current.reportedAt;
    const firstNotice = current.reportedAt === current.startedAt && elapsed >= this.slowCheckMs;
    if (firstNotice || (current.reportedAt !== current.startedAt && sinceReport >= STILL_RUNNING_EVERY_MS)) {
      this.sink.write(`${PREFIX} still running ${current.requirementId} (${seconds(elapsed)})\n`);
      current.reportedAt = this.now();
    }
  }
}
