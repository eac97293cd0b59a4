import { createEngineClient } from '../transport/connect-engine.js';
import type { EngineClient, StreamRunEventsRequest } from '../transport/engine-client.js';
import { RpcError } from '../transport/rpc-error.js';
import { RPC_NAMES } from '../transport/rpc-names.js';
import type { RpcName } from '../transport/rpc-names.js';
import { UsageError } from './usage-error.js';
import type { CommandIO } from './command-io.js';
import { ExitCode } from './command-io.js';

/**
 * `openwop-conformance call --target <url> <Rpc> '<json>'`: one call through the suite's own
 * client, the replay a report's repro line offers where grpcurl (or curl) is not installed. The
 * request is the JSON the report shows (the suite's request shape, as for grpcurl's proto3 JSON);
 * the reply, or the error with its status and envelope, is printed as JSON; a stream prints one
 * event per line until the engine ends it or the deadline passes.
 */
export interface CallCommandOptions {
  target: string;
  rpc: string;
  request: string;
  token?: string;
  caPath?: string;
  certPath?: string;
  keyPath?: string;
  deadlineMs: number;
}

type UnaryMethod = (request: unknown, options?: { deadlineMs?: number }) => Promise<unknown>;

/** EngineClient's method for an RPC: the RPC name with a lower-case first letter. */
function methodOf(client: EngineClient, rpc: RpcName): UnaryMethod {
  const name = `${rpc.charAt(0).toLowerCase()}${rpc.slice(1)}`;
  const method: unknown = (client as unknown as Record<string, unknown>)[name];
  if (typeof method !== 'function') throw new UsageError(`${rpc} has no client method`);
  return (request, options) => (method as UnaryMethod).call(client, request, options);
}

function parseRequest(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`the request is not JSON (${error instanceof Error ? error.message : String(error)}): ${text.slice(0, 80)}`);
  }
}

const errorJson = (error: RpcError): string =>
  JSON.stringify({
    code: error.codeName,
    message: error.statusMessage,
    ...(error.httpStatus !== undefined && { httpStatus: error.httpStatus }),
    envelope: error.envelope ?? null,
    ...(error.envelopeProblem && { envelopeProblem: error.envelopeProblem }),
  });

export async function callCommand(options: CallCommandOptions, io: CommandIO): Promise<number> {
  const rpc = RPC_NAMES.find((name) => name === options.rpc);
  if (!rpc) throw new UsageError(`unknown RPC "${options.rpc}"; one of ${RPC_NAMES.join(', ')}`);
  const request = parseRequest(options.request);
  const { client } = createEngineClient({
    target: options.target,
    defaultDeadlineMs: options.deadlineMs,
    ...(options.token !== undefined && { token: options.token }),
    caPath: options.caPath,
    certPath: options.certPath,
    keyPath: options.keyPath,
  });
  try {
    if (rpc === 'StreamRunEvents') {
      const stream = client.streamRunEvents(request as StreamRunEventsRequest, { deadlineMs: options.deadlineMs });
      try {
        for await (const event of stream) io.out(JSON.stringify(event));
      } catch (error) {
        if (!(error instanceof RpcError)) throw error;
        io.out(errorJson(error));
        return ExitCode.nonConformant;
      }
      io.out(JSON.stringify({ end: 'OK' }));
      return ExitCode.conformant;
    }
    try {
      io.out(JSON.stringify(await methodOf(client, rpc)(request, { deadlineMs: options.deadlineMs }), null, 2));
      return ExitCode.conformant;
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      io.out(errorJson(error));
      return ExitCode.nonConformant;
    }
  } finally {
    client.close();
  }
}
