/**
 * Every wait in the suite has a deadline that says where it came from. A deadline the spec states
 * (a fixture's time bound) may fail an engine; one the suite chose can only block a requirement,
 * never fail it (DEVELOPERS.md: never blame an engine for a deadline the suite invented).
 */
export interface Deadline {
  ms: number;
  source: 'spec' | 'suite';
  /** Where the number comes from, e.g. `conformance/fixtures.md: conformance-noop completes within 5 s`. */
  basis: string;
}

/** Time bounds the fixture catalogue states for each fixture (conformance/fixtures.md). */
const FIXTURE_BOUNDS_MS: Record<string, number> = {
  'conformance-noop': 5_000,
  'conformance-identity': 5_000,
  'conformance-failure': 5_000,
  'conformance-idempotent': 5_000,
  'conformance-multi-node': 10_000,
  'conformance-delay': 30_000,
};

/** The bound the fixture catalogue states for a fixture, if it states one. */
export function fixtureBoundMs(fixtureId: string): number | undefined {
  return FIXTURE_BOUNDS_MS[fixtureId];
}

/** fixtures.md: a cancelled conformance-cancellable run emits run.cancelled within 5 s. */
const CANCEL_BOUND_MS = 5_000;

/** Suite-chosen bounds: generous, and never a reason to fail an engine. */
const SUITE_START_BOUND_MS = 5_000;
const SUITE_CALL_DEADLINE_MS = 10_000;
const SUITE_RATE_LIMIT_WAIT_MS = 5_000;

export class Deadlines {
  constructor(readonly timeoutScale: number) {}

  /** How long a fixture run may take to reach its terminal status, per the fixture catalogue. */
  fixtureCompletion(fixtureId: string, extraMs = 0): Deadline {
    const bound = FIXTURE_BOUNDS_MS[fixtureId];
    if (bound === undefined) return this.suite(SUITE_START_BOUND_MS + extraMs, `no bound is stated for ${fixtureId}`);
    return {
      ms: Math.round((bound + extraMs) * this.timeoutScale),
      source: 'spec',
      basis: `conformance/fixtures.md: ${fixtureId} finishes within ${bound / 1000} s${extraMs ? ` after its ${extraMs} ms delay` : ''}`,
    };
  }

  /** How long a cancel may take to reach `cancelled`. */
  cancellation(): Deadline {
    return {
      ms: Math.round(CANCEL_BOUND_MS * this.timeoutScale),
      source: 'spec',
      basis: 'conformance/fixtures.md: a cancelled conformance-cancellable run is cancelled within 5 s',
    };
  }

  /** How long the suite waits for a run to start; the spec states no bound, so this only blocks. */
  runStart(): Deadline {
    return this.suite(SUITE_START_BOUND_MS, 'the suite waits this long for a run to start; the spec states no bound');
  }

  /** The longest retry-after the suite honours before it blocks a rate-limited call instead. */
  rateLimitWaitMs(): number {
    return Math.round(SUITE_RATE_LIMIT_WAIT_MS * this.timeoutScale);
  }

  /** The deadline put on every single RPC. */
  callDeadlineMs(): number {
    return Math.round(SUITE_CALL_DEADLINE_MS * this.timeoutScale);
  }

  suite(ms: number, basis: string): Deadline {
    return { ms: Math.round(ms * this.timeoutScale), source: 'suite', basis };
  }
}
