import type { RpcDescriptor } from '../../contract/rpc-descriptor.js';
import type { RpcClientMethod, RpcTableEntry } from '../../contract/rpc-table.js';
import { RPC_TABLE } from '../../contract/rpc-table.js';
import type { CallOptions, EngineClient } from './engine-client.js';

/**
 * The unary methods of an EngineClient, built from the RPC table (contract/rpc-table.ts) rather
 * than written out per RPC: both clients and every decorator get exactly the table's methods.
 * The typed signatures stay in EngineClient; the assertion below keeps its method set and the
 * table's equal, so an RPC added to one and not the other does not compile.
 */

/** The members of EngineClient that are not RPCs. */
type ClientExtras = 'transport' | 'target' | 'probeUndeclaredMethod' | 'rawRequest' | 'close';
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compile-time: EngineClient declares one method per table entry, and no other RPC method. */
export type ClientMethodsMatchTable = Assert<Same<Exclude<keyof EngineClient, ClientExtras>, RpcClientMethod>>;

export type UnaryDescriptor = Extract<RpcTableEntry, { streaming: false }>;
export type UnaryMethodName = UnaryDescriptor['clientMethod'];
export type UnaryRpcMethods = Pick<EngineClient, UnaryMethodName>;

const isUnary = (entry: RpcTableEntry): entry is UnaryDescriptor => !entry.streaming;
export const UNARY_RPCS: readonly UnaryDescriptor[] = RPC_TABLE.filter(isUnary);

/** How a client sends one unary call; the request is undefined when the caller passed none (GetCapabilities). */
export type UnarySender = (descriptor: RpcDescriptor & UnaryDescriptor, request: object | undefined, options: CallOptions | undefined) => Promise<object>;

/**
 * One method per unary RPC, each handing its descriptor and request to `send`. Methods are async
 * so a request that cannot be encoded rejects instead of throwing.
 */
export function unaryRpcMethods(send: UnarySender): UnaryRpcMethods {
  const methods = Object.fromEntries(
    UNARY_RPCS.map((descriptor) => [descriptor.clientMethod, async (request?: object, options?: CallOptions) => send(descriptor, request, options)]),
  );
  // Built from the table's names; ClientMethodsMatchTable proves they are EngineClient's methods.
  return methods as unknown as UnaryRpcMethods;
}

/** Calls one unary RPC of a client by its descriptor (decorators forward this way). */
export function callUnary(client: EngineClient, descriptor: UnaryDescriptor, request: unknown, options: CallOptions | undefined): Promise<object> {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the client as `this` just below
  const method = client[descriptor.clientMethod] as (request: unknown, options?: CallOptions) => Promise<object>;
  return method.call(client, request, options);
}
