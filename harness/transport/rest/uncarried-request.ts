import { BlockedError } from '../../verdicts/outcome-errors.js';

/**
 * A request the chosen carrier cannot express, so the engine was never asked: e.g. stream modes
 * over the poll endpoint, which serves the whole persisted log (the debug tier) and takes only
 * lastSequence and timeout (runs-events-digest §4). A check that meets it is blocked, saying so;
 * it is never evidence about the engine.
 */
export class UncarriedRequestError extends BlockedError {}
