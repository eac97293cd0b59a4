import type { Disposition } from './results.js';

/** One check about to run, as the progress display needs it. */
export interface PlannedCheck {
  requirementId: string;
  area: string;
}

/**
 * What the runner tells a progress display while a run goes on. Optional everywhere: a run
 * without a listener behaves exactly as before. Calls never throw back into the runner.
 */
export interface RunProgress {
  /** The checks the runner will run, in the serial order (requirements decided without a check are not listed). */
  planned(checks: readonly PlannedCheck[]): void;
  checkStarted(requirementId: string): void;
  checkFinished(requirementId: string, disposition: Disposition): void;
  /** The run is over (also after an early exit); stop any timers. */
  finished(): void;
}
