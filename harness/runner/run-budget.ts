import type { Requirement } from '../requirements/requirement.js';
import { fixtureBoundMs } from '../waits/deadlines.js';

/**
 * The run's global time budget (--max-duration): whatever the engine does, the run ends with a
 * report once it is spent. It reuses the interrupt path (the same abort that Ctrl-C triggers), but
 * names its own cause and ends with exit 2 (nothing more assessable), not 130.
 */

/** Fixed part of the default budget: connecting, discovery, the credentials probe, writing reports. */
const SETUP_MS = 60_000;
/** Per selected requirement, on top of its fixture's bound: a few calls and the check's own set-up. */
const PER_REQUIREMENT_MS = 5_000;
/** A requirement without a fixture, or with one whose bound the catalogue does not state. */
const UNBOUNDED_FIXTURE_MS = 5_000;

/**
 * The default budget, documented in the README: `(60 s + Σ over the selected requirements of
 * (5 s + the longest stated bound of its fixtures, or 5 s)) × --timeout-scale`. Generous on
 * purpose: it only stops an engine that keeps the run going, it never judges one.
 */
export function defaultBudgetMs(selected: readonly Requirement[], timeoutScale: number): number {
  let total = SETUP_MS;
  for (const requirement of selected) {
    const bounds = (requirement.fixtures ?? []).map((fixture) => fixtureBoundMs(fixture) ?? UNBOUNDED_FIXTURE_MS);
    total += PER_REQUIREMENT_MS + Math.max(UNBOUNDED_FIXTURE_MS, ...bounds);
  }
  return Math.round(total * timeoutScale);
}

/** The abort reason the budget uses, so the runner can tell it from a Ctrl-C. */
export class RunStopReason extends Error {
  constructor(readonly headline: string) {
    super(headline);
    this.name = 'RunStopReason';
  }
}

export const budgetHeadline = (seconds: number): string => `the run's time budget (--max-duration ${formatSeconds(seconds)} s) ran out`;

const formatSeconds = (seconds: number): string => String(Number(seconds.toFixed(3)));

/** One signal for "stop the run now": the user's (Ctrl-C) or the budget's, whichever comes first. */
export class RunBudget {
  readonly signal: AbortSignal;
  readonly seconds: number;
  readonly #budget = new AbortController();
  readonly #timer: NodeJS.Timeout;

  constructor(budgetMs: number, userSignal?: AbortSignal) {
    this.seconds = budgetMs / 1000;
    this.signal = userSignal ? AbortSignal.any([userSignal, this.#budget.signal]) : this.#budget.signal;
    this.#timer = setTimeout(() => this.#budget.abort(new RunStopReason(budgetHeadline(this.seconds))), budgetMs);
    // The timer must not keep a finished process alive.
    this.#timer.unref();
  }

  /** Set once the budget ran out (and only then: a Ctrl-C leaves it undefined). */
  get expired(): string | undefined {
    const reason: unknown = this.#budget.signal.reason;
    return this.#budget.signal.aborted && reason instanceof RunStopReason ? reason.headline : undefined;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}

/** The headline an aborted run signal carries: the budget's, or undefined for a plain interrupt. */
export function stopHeadline(signal: AbortSignal | undefined): string | undefined {
  const reason: unknown = signal?.reason;
  return signal?.aborted && reason instanceof RunStopReason ? reason.headline : undefined;
}
