import type { CheckIsolation } from '../requirements/requirement.js';

export interface ScheduledTask<T> {
  isolation: CheckIsolation;
  run: () => Promise<T>;
}

interface Entry<T> {
  task: ScheduledTask<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * Starts tasks in their given (serial) order, up to `jobs` at once. An exclusive task is a barrier:
 * it waits until nothing runs, and nothing after it starts until it ends. A task whose resource is
 * held waits, and later tasks naming that resource wait behind it (their relative order is kept);
 * tasks without it may overtake it. With `jobs` = 1 this is exactly the serial order.
 * The promises are returned in task order; the caller awaits them in that order, so results are
 * reported as a serial run would report them.
 */
export class CheckScheduler {
  private readonly queue: Entry<unknown>[] = [];
  private running = 0;
  private exclusiveRunning = false;
  private readonly held = new Map<string, number>();

  constructor(readonly jobs: number) {
    if (!(Number.isInteger(jobs) && jobs >= 1)) throw new RangeError(`jobs must be a whole number >= 1, got ${jobs}`);
  }

  /** Queues the tasks and starts what may start; each promise settles with its task's outcome. */
  schedule<T>(tasks: readonly ScheduledTask<T>[]): Promise<T>[] {
    const promises = tasks.map((task) => {
      const promise = new Promise<T>((resolve, reject) => {
        this.queue.push({ task, resolve, reject } as Entry<unknown>);
      });
      // Awaited later, in order; until then a rejection must not count as unhandled.
      promise.catch(() => undefined);
      return promise;
    });
    this.pump();
    return promises;
  }

  /** Tasks started and not yet settled (for tests and progress). */
  get inFlight(): number {
    return this.running;
  }

  private pump(): void {
    const claimed = new Set<string>();
    let index = 0;
    while (index < this.queue.length) {
      if (this.exclusiveRunning || this.running >= this.jobs) return;
      const entry = this.queue[index] as Entry<unknown>;
      const { exclusive = false, resources = [] } = entry.task.isolation;
      if (exclusive) {
        // A barrier: only the first waiting task, and only on an idle engine.
        if (index === 0 && this.running === 0) this.start(0, true);
        return;
      }
      if (resources.some((key) => claimed.has(key) || (this.held.get(key) ?? 0) > 0)) {
        for (const key of resources) claimed.add(key);
        index += 1;
        continue;
      }
      this.start(index, false);
    }
  }

  private start(index: number, exclusive: boolean): void {
    const [entry] = this.queue.splice(index, 1);
    if (!entry) return;
    const resources = entry.task.isolation.resources ?? [];
    this.running += 1;
    if (exclusive) this.exclusiveRunning = true;
    for (const key of resources) this.held.set(key, (this.held.get(key) ?? 0) + 1);
    const settle = (): void => {
      this.running -= 1;
      if (exclusive) this.exclusiveRunning = false;
      for (const key of resources) this.held.set(key, (this.held.get(key) ?? 1) - 1);
      this.pump();
    };
    let outcome: Promise<unknown>;
    try {
      outcome = entry.task.run();
    } catch (error) {
      outcome = Promise.reject(error);
    }
    outcome.then(
      (value) => {
        settle();
        entry.resolve(value);
      },
      (error: unknown) => {
        settle();
        entry.reject(error);
      },
    );
  }
}

/**
 * `--jobs` default. A check spends its time waiting on the fixtures' deliberate delays (a serial run
 * of the reference engine is ~10 % CPU), so more checks than cores may be in flight; at 8 the run
 * ends within ~1.3x its longest check (bench/jobs-speedup.ts), more gains nothing there.
 */
export const DEFAULT_JOBS = 8;
