/**
 * The envelope-code → HTTP status table lives with the REST transport, which judges every answer
 * the suite provokes against it (rest-status-audit.ts); the rest area's probes read it from there.
 */
export * from '../../harness/transport/rest/envelope-http-statuses.js';
