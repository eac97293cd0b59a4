import type { CallOptions, EngineClient, StreamRunEventsRequest } from '../transport/engine-client.js';
import { RpcError } from '../transport/rpc-error.js';
import { GrpcCode } from '../transport/rpc-names.js';

/**
 * What the run has learnt about how the engine ends its event streams. A stream the engine should
 * have ended (a finished run read past its terminal event, a request it should have refused) that
 * stayed open until the suite's own bound ran out is evidence that this engine does not end
 * streams. Waiting out the same bound in every later check says nothing new and costs minutes (issue
 * 19: ~4 min instead of 15 s), so, like the health circuit for a silent engine
 * (harness/transport/engine-health.ts), later waits for a stream's end block at once, naming the
 * first stream seen not to end. A stream that delivers events until a terminal event is still read:
 * only the wait for its end is skipped.
 */
export class StreamEndRecord {
  #seen: string | undefined;

  /** The first stream seen not to end, in words; undefined while every stream ended. */
  get seen(): string | undefined {
    return this.#seen;
  }

  /** Records a stream that stayed open past the suite's bound where the engine should have ended it. */
  notEnded(evidence: string): void {
    this.#seen ??= evidence;
  }

  /** The reason a later wait for a stream (`what`, when the caller does not name it itself) to end is not waited out; undefined while nothing was seen. */
  unawaitedReason(what?: string): string | undefined {
    return this.#seen === undefined
      ? undefined
      : `${what ? `${what}: ` : ''}not waited for: earlier in this run ${this.#seen}, so waiting for this stream to end would only wait out the suite's bound again`;
  }
}

/** What a check offers to reach the run's record: TestContext.once, shared by the checks of one run. */
export interface RunMemo {
  once<T>(key: string, make: () => Promise<T>): Promise<T>;
}

const RECORD_KEY = 'harness/waits/stream-end-record';

/** The run's one StreamEndRecord. */
export function streamEndRecord(run: RunMemo): Promise<StreamEndRecord> {
  return run.once(RECORD_KEY, () => Promise.resolve(new StreamEndRecord()));
}

/**
 * An outcome the suite did not wait for: the stream was not opened because the engine was seen
 * not to end its streams. It is an RpcError so that every refusal judge treats it like any answer
 * that says nothing about the engine (uninformativeReason reads its message): it blocks, never
 * fails. CANCELLED: the suite gave up on the call itself.
 */
export class UnawaitedStreamError extends RpcError {
  constructor(reason: string) {
    super({
      rpc: 'StreamRunEvents',
      code: GrpcCode.CANCELLED,
      statusMessage: reason,
      trailers: {},
      envelope: undefined,
      envelopeProblem: 'the suite did not open the stream',
    });
  }
}

/** True when a stream's DEADLINE_EXCEEDED is grpc-js's (the suite's call deadline), not one the engine sent. */
export const isSuiteCallDeadline = (error: RpcError): boolean =>
  error.code === GrpcCode.DEADLINE_EXCEEDED && error.statusMessage === "no answer within the suite's call deadline";

/**
 * Opens a stream whose end is the answer (a refusal or an OK close) and waits for that end,
 * resolving on OK and throwing the engine's error. Once the run has seen a stream not end, it
 * throws UnawaitedStreamError at once instead; a stream that ends only at the suite's call
 * deadline is recorded as seen not to end.
 */
export async function streamEndOutcome(client: EngineClient, record: StreamEndRecord, request: StreamRunEventsRequest, options?: CallOptions): Promise<void> {
  const what = `StreamRunEvents(${request.runId || '(empty run id)'})`;
  const unawaited = record.unawaitedReason();
  if (unawaited) throw new UnawaitedStreamError(unawaited);
  const stream = client.streamRunEvents(request, options);
  const end = await stream.ended;
  // Cancelled is the suite's doing (the check ended or was stopped): the engine never answered, so
  // it must not read as an OK answer.
  if (end.kind === 'cancelled') throw new UnawaitedStreamError(`${what} was cancelled by the suite before the engine answered or ended it`);
  if (end.kind !== 'error') return;
  if (end.error instanceof RpcError && isSuiteCallDeadline(end.error)) record.notEnded(`${what} neither answered nor ended within the suite's call deadline`);
  throw end.error;
}
