import type { RunEvent } from '../transport/engine-client.js';

/**
 * A compact record of every event a stream delivered, for checks that compare whole sequences
 * (gap-free numbering, resume without duplicates, fork prefixes, mode supersets) without keeping
 * every event object: a flooding engine (issue 10, hostile-event-flood) sends hundreds of
 * thousands. Per event it keeps the sequence, the interned type, and two 53-bit digests: of the
 * event id (identity, protocol-digest §1.5) and of what a replay must repeat (type, node, payload
 * minus clock fields; runs-events-digest §3). About 30 bytes an event instead of ~700 (measured for a small vendor event).
 */

/** Payload fields a replay may change (clock readings), left out of the replay digest. */
export const CLOCK_FIELDS: ReadonlySet<string> = new Set(['durationMs']);

/** What must be equal between a source event and its replay: type, node and payload minus clock fields. */
export function comparable(event: RunEvent): string {
  const payload =
    event.payload && typeof event.payload === 'object' && !Array.isArray(event.payload)
      ? Object.fromEntries(
          Object.entries(event.payload)
            .filter(([key]) => !CLOCK_FIELDS.has(key))
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : event.payload;
  return `${event.type}@${event.nodeId ?? '-'} ${JSON.stringify(payload)}`;
}

/**
 * A 53-bit non-cryptographic digest (cyrb53-style: two multiplicative 32-bit lanes mixed at the
 * end), exact in a double. About 4x cheaper than a SHA-1 per event; among a million events the
 * chance of any accidental collision is about 6e-5, and a collision (even a crafted one) can only
 * hide a difference, never invent one.
 */
function digest53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

type Column = Float64Array | Uint32Array | Uint8Array;

/** A typed array that doubles as it fills. */
class GrowingColumn<T extends Column> {
  length = 0;

  constructor(
    private values: T,
    private readonly grow: (size: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = this.grow(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length] = value;
    this.length += 1;
  }

  at(index: number): number {
    return this.values[index] ?? Number.NaN;
  }
}

const doubles = () => new GrowingColumn(new Float64Array(256), (size) => new Float64Array(size));
const words = () => new GrowingColumn(new Uint32Array(256), (size) => new Uint32Array(size));
const bytes = () => new GrowingColumn(new Uint8Array(256), (size) => new Uint8Array(size));

export class EventTrace {
  // 29 bytes an event: sequence and digests as doubles, the type as an index, the run flag a byte.
  private readonly sequences = doubles();
  private readonly typeIndexes = words();
  private readonly idDigests = doubles();
  private readonly replayDigests = doubles();
  private readonly foreign = bytes();
  private readonly types: string[] = [];
  private readonly typeIndex = new Map<string, number>();

  /** `runId`: the run the stream was opened for, to flag envelopes naming another. */
  constructor(private readonly runId?: string) {}

  get length(): number {
    return this.sequences.length;
  }

  add(event: RunEvent): void {
    let index = this.typeIndex.get(event.type);
    if (index === undefined) {
      index = this.types.length;
      this.types.push(event.type);
      this.typeIndex.set(event.type, index);
    }
    this.sequences.push(event.sequence);
    this.typeIndexes.push(index);
    this.idDigests.push(digest53(`${event.sequence}/${event.eventId}`));
    this.replayDigests.push(digest53(comparable(event)));
    this.foreign.push(this.runId !== undefined && event.runId !== this.runId ? 1 : 0);
  }

  sequence(index: number): number {
    return this.sequences.at(index);
  }

  type(index: number): string {
    return this.types[this.typeIndexes.at(index)] ?? '?';
  }

  /** Digest of sequence and event id: equal for the same delivered event. */
  identity(index: number): number {
    return this.idDigests.at(index);
  }

  /** Digest of `comparable(event)`: equal when a replay repeated the event. */
  replayKey(index: number): number {
    return this.replayDigests.at(index);
  }

  /** True when the envelope names a run other than the one the stream was opened for. */
  namesOtherRun(index: number): boolean {
    return this.foreign.at(index) === 1;
  }

  /** `sequence:type`, for messages. */
  label(index: number): string {
    return `${this.sequence(index)}:${this.type(index)}`;
  }

  /** Indexes of the events `keep` accepts, in order. */
  indexes(keep: (index: number) => boolean = () => true): number[] {
    const out: number[] = [];
    for (let index = 0; index < this.length; index += 1) if (keep(index)) out.push(index);
    return out;
  }
}

/** Past this many events of one type without a node, further ones are traced but not kept (a flood). */
export const KEPT_PER_REPEATED_TYPE = 500;

/**
 * Decides which events are kept whole: every run.* and node.* event, every event naming a node,
 * those `alwaysKeep` names, and the first
 * KEPT_PER_REPEATED_TYPE of any other type. A vendor or log type repeated past that is only traced
 * and counted; readers must ignore unknown types (runs-events-digest §2), so no check reads them.
 */
export class FloodFilter {
  private readonly seen = new Map<string, number>();
  folded = 0;

  constructor(private readonly alwaysKeep: (event: RunEvent) => boolean) {}

  keep(event: RunEvent): boolean {
    if (event.nodeId || event.type.startsWith('run.') || event.type.startsWith('node.') || this.alwaysKeep(event)) return true;
    const count = (this.seen.get(event.type) ?? 0) + 1;
    this.seen.set(event.type, count);
    if (count <= KEPT_PER_REPEATED_TYPE) return true;
    this.folded += 1;
    return false;
  }
}
