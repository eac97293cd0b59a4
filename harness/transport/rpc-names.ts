/** The 17 RPCs of `openwop.v1.Engine`, in the order the contract declares them. */
export const RPC_NAMES = [
  'GetCapabilities',
  'GetWorkflow',
  'CreateRun',
  'GetRun',
  'CancelRun',
  'BulkCancelRuns',
  'ForkRun',
  'PauseRun',
  'ResumeRun',
  'StreamRunEvents',
  'ResolveInterruptByRun',
  'ResolveInterruptByToken',
  'InspectInterruptByToken',
  'GetArtifact',
  'RegisterWebhook',
  'UnregisterWebhook',
  'VerifyAuditLog',
] as const;

export type RpcName = (typeof RPC_NAMES)[number];

export const ENGINE_SERVICE = 'openwop.v1.Engine';

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
