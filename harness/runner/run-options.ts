import type { ComplianceReport } from '../verdicts/results.js';
import type { RestEventsMode } from '../transport/rest/rest-engine-client.js';
import type { ReceiverBinding } from '../webhooks/webhook-receiver.js';

/**
 * What one run is asked to do, as the CLI and the library hand it over. The CLI checks these before
 * a run starts (harness/cli/run-options-check.ts); the runner takes them as given.
 */
export interface RunOptions {
  /** `grpc://host:port`, `grpcs://host:port`, `http(s)://host:port` (REST + SSE), or `reference` for the bundled engine. */
  target: string;
  /** REST targets: StreamRunEvents over SSE (default) or the long-poll endpoint. */
  restEvents?: RestEventsMode | undefined;
  token?: string | undefined;
  /** A valid token without the run scopes, for the auth area's PERMISSION_DENIED checks. */
  limitedToken?: string | undefined;
  /** A valid token with the run scopes in another tenant, for the tenant-isolation checks; never reported. */
  otherTenantToken?: string | undefined;
  caPath?: string | undefined;
  certPath?: string | undefined;
  keyPath?: string | undefined;
  only: string[];
  /** Requirement id globs left out (`--skip`), after `only`. */
  skip?: string[];
  requireBehavior: boolean;
  timeoutScale: number;
  /** Reference-engine faults to switch on (only with target `reference`). */
  faults: string[];
  /** Reference-engine tolerated variants to switch on (only with target `reference`). */
  variants?: string[];
  /** The largest reply accepted from the engine, in bytes (default 64 MiB). */
  maxMessageBytes?: number | undefined;
  /** Aborting it (Ctrl-C) ends the run early with a partial report (exit 130). */
  signal?: AbortSignal;
  /** --max-duration: the run's global budget in seconds (default: defaultBudgetMs of the selection). */
  maxDurationSeconds?: number;
  /** Where the suite's webhook receiver listens (default 127.0.0.1, port 0: any free port). */
  webhookReceiver?: ReceiverBinding;
  /** The engine's REST surface when the target is gRPC (--rest): enables the parity area. */
  rest?: string;
  /** The engine's gRPC surface when the target is REST (--grpc); default: its advertised grpc.endpoint. */
  grpc?: string;
  /** --jobs: checks in flight at once against the engine (default 1 here; the CLI's default is DEFAULT_JOBS). */
  jobs?: number | undefined;
}

export interface RunOutcome {
  report: ComplianceReport;
  /** 0 conformant; 1 non-conformant, or incomplete for lack of fixtures/capabilities; 2 nothing (more) assessable (unreachable, discovery failed, credentials refused, the engine stopped answering); 3 a suite error (a result is `error`); 130 interrupted. */
  exitCode: 0 | 1 | 2 | 3 | 130;
}
