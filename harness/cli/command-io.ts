import type { ProgressSink } from '../../reporters/progress-display.js';

/** Where commands write: the CLI passes stdout/stderr, tests pass collectors. */
export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
  /** Live progress (stderr); absent when the caller wants none. */
  progress?: ProgressSink;
}

/** Exit codes shared by every command (README §Exit codes). */
export const ExitCode = {
  conformant: 0,
  nonConformant: 1,
  usageOrConnection: 2,
  /** A suite error: an exception inside the suite's own code decided a result (disposition `error`); please report it. */
  suiteError: 3,
  /** The user stopped the run (Ctrl-C); a partial report was written (128 + SIGINT, by convention). */
  interrupted: 130,
  /** --report-dir cannot be created or written: refused before anything runs. */
  reportDirUnwritable: 4,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
