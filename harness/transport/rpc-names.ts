import type { RpcName } from '../../contract/rpc-table.js';
import { RPC_TABLE } from '../../contract/rpc-table.js';

export type { RpcClientMethod, RpcName, UnaryRpcName } from '../../contract/rpc-table.js';
export { ENGINE_SERVICE } from '../../contract/rpc-table.js';

/** The RPCs of `openwop.v1.Engine`, in the order the contract declares them (contract/rpc-table.ts). */
export const RPC_NAMES: readonly RpcName[] = RPC_TABLE.map((entry) => entry.name);

/** gRPC status codes by name (google.rpc.Code). */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export type GrpcCodeName = keyof typeof GrpcCode;

export function grpcCodeName(code: number): string {
  const found = (Object.keys(GrpcCode) as GrpcCodeName[]).find((name) => GrpcCode[name] === code);
  return found ?? `CODE_${code}`;
}
