import type { RpcError } from '../transport/rpc-error.js';
import { GrpcCode } from '../transport/rpc-names.js';
import { UnawaitedStreamError } from '../waits/stream-end-record.js';

/**
 * Answers that say nothing about whether the engine implements the requirement being checked: the
 * engine was unreachable, rate-limited the suite, missed a deadline the suite chose, or refused the
 * user's credentials. A check that meets one outside its accepted refusal set is blocked, never
 * failed (protocol-digest §1.3; README "How verdicts are decided"). Returns why, or undefined when
 * the answer is evidence about the engine.
 */
export function uninformativeReason(error: RpcError): string | undefined {
  // A stream the suite did not wait for: its message says why (harness/waits/stream-end-record.ts).
  if (error instanceof UnawaitedStreamError) return error.statusMessage;
  switch (error.code) {
    case GrpcCode.UNAVAILABLE:
    case GrpcCode.CANCELLED:
      return `the engine could not be reached during the check (${error.codeName} from ${error.rpc}: ${error.statusMessage})`;
    case GrpcCode.RESOURCE_EXHAUSTED:
      // grpc-js raises this on the client when a reply is over the suite's receive limit.
      if (/larger than max/i.test(error.statusMessage)) {
        return `the reply to ${error.rpc} was larger than the suite's receive limit (${error.statusMessage}); that limit is the suite's, not the engine's: raise --max-message-bytes`;
      }
      return `the engine rate-limited ${error.rpc} (RESOURCE_EXHAUSTED${error.envelopeCode ? ` ${error.envelopeCode}` : ''}) even after the suite honoured retry-after once; run again later or raise the engine's limits for the suite`;
    case GrpcCode.DEADLINE_EXCEEDED:
      return `${error.rpc} did not answer within the suite's call deadline, a bound the spec does not state (raise --timeout-scale for a slow engine)`;
    case GrpcCode.UNAUTHENTICATED:
    case GrpcCode.PERMISSION_DENIED:
      return `the engine refused the suite's credentials for ${error.rpc} (${error.codeName}); give --token a key with the scopes this needs`;
    default:
      return undefined;
  }
}
