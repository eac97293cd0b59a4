/**
 * The one place engine-derived text is bounded before it reaches a console line or a report field.
 * An engine chooses its own strings (names, status messages, ids, fixture lists) and a hostile one
 * can make them megabytes long; a reader needs the start and the size, not the whole value (the
 * raw discovery document stays in report.json's `capabilities`, untouched).
 */

/** The longest engine-derived field kept in a report (reason, expected, actual, a warning, a headline). */
export const MAX_ENGINE_TEXT = 600;
/** The longest console line; the summary prints nothing longer, whatever a field holds. */
export const MAX_CONSOLE_LINE = 1_000;
/** Identity fields (engine name, version, vendor) are labels, not findings. */
export const MAX_ENGINE_LABEL = 120;

/** Newlines and other control characters would let an engine forge console lines. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * Caps a text at `max` characters, saying how much was left out so nobody mistakes the cut for
 * the value. Control characters become spaces (newlines included: one field, one line).
 */
export function capEngineText(text: string, max: number = MAX_ENGINE_TEXT): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ').replace(CONTROL, ' ');
  if (oneLine.length <= max) return oneLine;
  const omitted = oneLine.length - max;
  return `${oneLine.slice(0, max)}… (${omitted} more characters)`;
}

/** capEngineText for optional fields. */
export function capOptional(text: string | null | undefined, max: number = MAX_ENGINE_TEXT): string | null | undefined {
  return typeof text === 'string' ? capEngineText(text, max) : text;
}

/** The console's last guard: a line longer than MAX_CONSOLE_LINE is cut, saying so. */
export function capConsoleLine(line: string): string {
  return line.length <= MAX_CONSOLE_LINE ? line : `${line.slice(0, MAX_CONSOLE_LINE)}… (${line.length - MAX_CONSOLE_LINE} more characters; see report.json)`;
}
