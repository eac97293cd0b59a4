/**
 * "Did you mean" for a mistyped flag. yargs suggests commands (recommendCommands) but not flags, and
 * its strict mode reports a mistyped required flag only as "Missing required argument: target".
 * Run before validation, this names each unknown flag with the closest one the command has.
 */

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Edit distance (insertions, deletions, substitutions), for short flag names. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest known flag, when it is close enough to be what was meant. */
export function closestFlag(typed: string, known: readonly string[]): string | undefined {
  let best: { name: string; cost: number } | undefined;
  for (const name of known) {
    const cost = distance(typed, name);
    if (!best || cost < best.cost) best = { name, cost };
  }
  return best && best.cost <= Math.max(2, Math.floor(typed.length / 3)) ? best.name : undefined;
}

/**
 * One line naming the flags of `argv` the command does not have, each with a suggestion when one
 * is close; undefined when every flag is known. `known`: the command's option names (kebab-case).
 */
export function unknownFlagsMessage(argv: Record<string, unknown>, known: readonly string[]): string | undefined {
  // Without the declared flags there is nothing to compare with; strict mode still reports them.
  if (known.length === 0) return undefined;
  const accepted = new Set<string>(['_', '$0', ...known, ...known.map(camel)]);
  const keys = Object.keys(argv).filter((key) => !accepted.has(key));
  // yargs adds a camelCase twin of every kebab-case key: name each typed flag once.
  const typed = keys.filter((key) => !keys.some((other) => other !== key && camel(other) === key));
  if (typed.length === 0) return undefined;
  const named = typed.map((flag) => {
    const suggestion = closestFlag(flag, known);
    return `--${flag}${suggestion ? ` (did you mean --${suggestion}?)` : ''}`;
  });
  return `unknown flag${named.length === 1 ? '' : 's'} ${named.join(', ')}`;
}

/** yargs' getOptions() (in its runtime, missing from @types/yargs): the flags of the command being parsed. */
export function declaredFlags(parser: unknown): string[] {
  const getOptions = typeof parser === 'object' && parser !== null ? (parser as { getOptions?: unknown }).getOptions : undefined;
  if (typeof getOptions !== 'function') return [];
  const options: unknown = getOptions.call(parser);
  const keys = typeof options === 'object' && options !== null ? (options as { key?: unknown }).key : undefined;
  return typeof keys === 'object' && keys !== null ? Object.keys(keys) : [];
}
