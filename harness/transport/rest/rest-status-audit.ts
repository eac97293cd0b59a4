import type { CallOptions, EngineClient, EventStream, StreamRunEventsRequest } from '../engine-client.js';
import { rawExchangeOf } from '../engine-client.js';
import { decorateClient } from '../decorate-client.js';
import { RpcError } from '../rpc-error.js';
import type { RpcName } from '../rpc-names.js';
import { UNINFORMATIVE_HTTP_STATUSES, judgeStatus, operationStatusesFor, statusList } from './envelope-http-statuses.js';
import { HTTP_STATUS_OWNERS, HttpStatusFinding } from './http-status-finding.js';
import { successStatusesFor } from './rest-operations.js';

/**
 * Holds every HTTP answer of a REST run to the status table, whichever check provoked it (issue 15
 * class 6): a success must carry its operation's status (openapi.yaml responses), an error the
 * status its envelope code stands for (protocol-digest §1.4, §4). A disagreement is reported as an
 * HttpStatusFinding, which the collector charges to rest.success-status-codes or
 * rest.error-status-matches-code wherever it was seen, as schema findings are charged. The call's
 * outcome is handed on unchanged: the check that made the call judges its own subject.
 *
 * Not judged: answers without an HTTP status (no answer at all), statuses that say nothing about
 * the engine (429, 502–504), errors without an envelope code (rest.error-body-envelope and the
 * errors area judge the body) and codes the spec gives no status for.
 */
export function withRestStatusAudit(inner: EngineClient, onFinding: (finding: HttpStatusFinding) => void): EngineClient {
  const judgeError = (rpc: RpcName, request: unknown, error: unknown): void => {
    if (!(error instanceof RpcError) || error.httpStatus === undefined) return;
    const status = error.httpStatus;
    const code = error.envelopeCode;
    if (UNINFORMATIVE_HTTP_STATUSES.has(status) || code === undefined) return;
    const judgement = judgeStatus(code, status, operationStatusesFor(rpc, code));
    if (judgement.kind !== 'mismatch') return;
    onFinding(
      new HttpStatusFinding({
        requirementId: HTTP_STATUS_OWNERS.error,
        rpc,
        key: `${rpc}|${status}|${code}`,
        text: `${rpc} answered HTTP ${status} with envelope ${code}; the spec maps ${code} to ${statusList(judgement.allowed)}`,
        expectation: 'every error answer with the HTTP status its envelope code stands for',
        request,
      }),
    );
  };

  const unary = async <T>(
    rpc: RpcName,
    request: unknown,
    options: CallOptions | undefined,
    send: (options: CallOptions | undefined) => Promise<T>,
  ): Promise<T> => {
    let reply: T;
    try {
      reply = await send(options);
    } catch (error) {
      judgeError(rpc, request, error);
      throw error;
    }
    if (rpc !== 'StreamRunEvents') {
      const status = typeof reply === 'object' && reply !== null ? rawExchangeOf(reply)?.httpStatus : undefined;
      const allowed = successStatusesFor(rpc, request);
      if (status !== undefined && !allowed.includes(status)) {
        onFinding(
          new HttpStatusFinding({
            requirementId: HTTP_STATUS_OWNERS.success,
            rpc,
            key: `${rpc}|${status}`,
            text: `${rpc} succeeded with HTTP ${status}; its documented success status is ${statusList(allowed)}`,
            expectation: "every success with its operation's documented status",
            request,
          }),
        );
      }
    }
    return reply;
  };

  const stream = (request: StreamRunEventsRequest, options: CallOptions | undefined, open: (options: CallOptions | undefined) => EventStream): EventStream => {
    const opened = open(options);
    void opened.ended.then((end) => {
      if (end.kind === 'error') judgeError('StreamRunEvents', request, end.error);
    });
    return opened;
  };

  return decorateClient(inner, { unary, stream });
}
