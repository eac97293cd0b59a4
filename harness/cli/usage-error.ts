/**
 * The CLI's name for bad user input. The type itself lives in harness/support (the bottom layer), so
 * the runner and the reporters may throw it without importing the CLI; the CLI turns it into one line
 * and exit code 2.
 */
export { UsageError } from '../support/usage-error.js';
