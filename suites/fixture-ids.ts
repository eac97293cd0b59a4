/** Fixture workflow ids from the conformance fixture catalogue (conformance/fixtures.md). */
export const Fixture = {
  noop: 'conformance-noop',
  identity: 'conformance-identity',
  delay: 'conformance-delay',
  failure: 'conformance-failure',
  multiNode: 'conformance-multi-node',
  cancellable: 'conformance-cancellable',
  idempotent: 'conformance-idempotent',
} as const;

/** Every v1 run status (run-snapshot.schema.json §status, RFC 0094 §B added cancelling). */
export const RUN_STATUSES = [
  'pending',
  'running',
  'paused',
  'waiting-approval',
  'waiting-input',
  'waiting-external',
  'completed',
  'failed',
  'cancelling',
  'cancelled',
] as const;

/** Statuses CreateRun should answer with (rest-endpoints.md §createRun 201). */
export const INITIAL_STATUSES = ['pending', 'running', 'waiting-approval', 'waiting-input', 'waiting-external'] as const;

/** A long delay for runs that exist only to be cancelled: they must still be running when cancelled. */
export const LONG_DELAY_MS = 30_000;
