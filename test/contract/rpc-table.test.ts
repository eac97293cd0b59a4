import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import protoLoader from '@grpc/proto-loader';
import { assert } from 'chai';
import type { ReplyField, RequestField, RpcDescriptor } from '../../contract/rpc-descriptor.js';
import { ENGINE_SERVICE, RPC_TABLE } from '../../contract/rpc-table.js';
import { RPC_SCOPES } from '../../fixtures/reference-engine/bearer-auth.js';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { REST_ROUTES } from '../../fixtures/reference-engine/rest/route-table.js';
import { AUTHENTICATED_RPCS } from '../../harness/requirements/auth-requirements.js';
import { RPC_FEATURES } from '../../harness/requirements/rpc-features.js';
import { REPLY_CONTRACTS } from '../../harness/schemas/wire-contract.js';
import { ENGINE_PROTO_PATH, packageRoot } from '../../harness/support/package-paths.js';
import { decorateClient } from '../../harness/transport/decorate-client.js';
import type { EngineClient } from '../../harness/transport/engine-client.js';
import { GrpcEngineClient } from '../../harness/transport/grpc-engine-client.js';
import { RestEngineClient } from '../../harness/transport/rest/rest-engine-client.js';
import { callUnary, UNARY_RPCS } from '../../harness/transport/rpc-methods.js';
import { RPC_NAMES } from '../../harness/transport/rpc-names.js';
import { AUTH_PROBES } from '../../suites/auth/rpc-probes.js';

/**
 * The RPC table (contract/rpc-table.ts) is the one list of the engine's RPCs: it must name exactly
 * the proto's methods and fields, and every list the suite and the reference engine use must be
 * the table's. Adding or changing an RPC therefore touches the table (and its proto), nothing else.
 */

type MessageType = { type: { field: { name: string; typeName?: string }[] } };
type ProtoMethod = { originalName?: string; requestStream: boolean; responseStream: boolean; requestType: MessageType; responseType: MessageType };

const definition = protoLoader.loadSync(ENGINE_PROTO_PATH(), { keepCase: true });
const service = definition[ENGINE_SERVICE] as unknown as Record<string, ProtoMethod>;
const fieldNames = (message: MessageType): string[] => message.type.field.map((field) => field.name);
const names = (entries: readonly { name: string }[]): string[] => entries.map((entry) => entry.name);
const sorted = (values: Iterable<string>): string[] => [...values].sort();
const tableNames = names(RPC_TABLE);
const unaryMethods = UNARY_RPCS.map((entry) => entry.clientMethod);
const withField = (key: keyof RpcDescriptor): string[] => RPC_TABLE.filter((entry) => key in entry).map((entry) => entry.name);

/** A request every client can encode: strings, zero integers, empty lists; optional members left out. */
function sampleRequest(fields: readonly RequestField[]): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.kind === 'string') sample[field.json] = 'table-probe';
    if (field.kind === 'int64' || field.kind === 'int32') sample[field.json] = 0;
    if (field.kind === 'repeated') sample[field.json] = [];
  }
  return sample;
}

/** Calls every RPC of the table once through `client`, in table order; answers and refusals alike are fine. */
async function callEveryRpc(client: EngineClient): Promise<void> {
  for (const entry of RPC_TABLE) {
    const unary = UNARY_RPCS.find((descriptor) => descriptor.name === entry.name);
    if (unary) await callUnary(client, unary, sampleRequest(unary.request), { deadlineMs: 5_000 }).catch(() => undefined);
    else await client.streamRunEvents({ runId: 'table-probe', lastSequence: 0 }, { deadlineMs: 5_000 }).ended;
  }
}

/** The import specifiers of every TypeScript source under `folder` (of the checkout). */
function importsUnder(folder: string): { file: string; specifier: string }[] {
  const root = join(packageRoot(), folder);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => [...readFileSync(join(root, file), 'utf8').matchAll(/from '([^']+)'/g)].map((match) => ({ file, specifier: match[1] ?? '' })));
}

describe('the RPC table', () => {
  // That the engine imports nothing from harness/ is test/reference-engine/independence.test.ts.
  it('is shared as data: contract/ imports nothing outside itself, and the reference engine reads it', () => {
    const contract = importsUnder('contract');
    assert.isAbove(contract.length, 0, 'contract/ has sources');
    assert.deepEqual(
      contract.filter(({ specifier }) => !specifier.startsWith('./')),
      [],
    );
    const engine = importsUnder('fixtures/reference-engine');
    assert.isAbove(engine.filter(({ specifier }) => specifier.includes('contract/')).length, 0, 'the engine reads the table');
  });

  it('lists exactly the proto service methods, in proto order, with their streaming flags', () => {
    assert.deepEqual(tableNames, Object.keys(service));
    for (const entry of RPC_TABLE) {
      const method = service[entry.name];
      assert.strictEqual(method?.requestStream, false, entry.name);
      assert.strictEqual(method?.responseStream, entry.streaming, entry.name);
      // grpc-js names the generated client's method the same way (originalName).
      assert.strictEqual(entry.clientMethod, method?.originalName, entry.name);
    }
  });

  it("maps exactly each request message's proto fields, and each unary reply message's", () => {
    for (const entry of RPC_TABLE as readonly RpcDescriptor[]) {
      const method = service[entry.name];
      if (!method) throw new Error(`the proto has no ${entry.name}`);
      assert.deepEqual(sorted(entry.request.map((field) => field.grpc)), sorted(fieldNames(method.requestType)), `${entry.name} request`);
      if (entry.streaming) continue; // the stream's items are the RunEventEnvelope, mapped on their own
      assert.deepEqual(sorted(entry.reply.map((field) => field.grpc)), sorted(fieldNames(method.responseType)), `${entry.name} reply`);
      for (const nested of entry.reply.filter(
        (field): field is ReplyField & { fields: readonly ReplyField[] } => field.kind === 'messages' && field.fields !== undefined,
      )) {
        const typeName = method.responseType.type.field.find((field) => field.name === nested.grpc)?.typeName ?? '';
        const message = definition[`openwop.v1.${typeName}`] as unknown as MessageType | undefined;
        assert.notStrictEqual(message, undefined, `${entry.name}.${nested.grpc} message type`);
        assert.deepEqual(sorted(nested.fields.map((field) => field.grpc)), sorted(message ? fieldNames(message) : []), `${entry.name}.${nested.grpc}`);
      }
    }
  });

  it('REST path parameters are request fields carried in the path, and the reverse', () => {
    for (const entry of RPC_TABLE as readonly RpcDescriptor[]) {
      const inPath = entry.request.filter((field) => field.rest?.in === 'path').map((field) => field.json);
      const templated = [...entry.rest.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      assert.deepEqual(templated, inPath, entry.name);
    }
  });

  it('is the source of every derived list: names, wire contract, features, auth lists, engine scopes and REST routes', () => {
    assert.deepEqual([...RPC_NAMES], tableNames);
    assert.deepEqual(Object.keys(REPLY_CONTRACTS), withField('replyContract'));
    assert.deepEqual(Object.keys(RPC_FEATURES), withField('feature'));
    const authenticated = RPC_TABLE.filter((entry) => entry.access === 'token').map((entry) => entry.name);
    assert.deepEqual([...(AUTHENTICATED_RPCS ?? [])], authenticated);
    assert.deepEqual(sorted(AUTH_PROBES.map((probe) => probe.rpc)), sorted(authenticated));
    for (const probe of AUTH_PROBES) assert.deepEqual(probe.scopes, RPC_TABLE.find((entry) => entry.name === probe.rpc)?.scopes, probe.rpc);
    assert.deepEqual(Object.keys(RPC_SCOPES), authenticated);
    assert.deepEqual(
      REST_ROUTES.map((route) => `${route.rpc} ${route.method} ${route.path}`),
      (RPC_TABLE as readonly RpcDescriptor[])
        .filter((entry) => entry.surfaces.includes('rest'))
        .flatMap((entry) =>
          [entry.rest.path, ...(entry.rest.pollPath ? [entry.rest.pollPath] : [])].map((path) => `${entry.name} ${entry.rest.method} ${path}`),
        ),
    );
    for (const route of REST_ROUTES) assert.strictEqual(route.access, RPC_TABLE.find((entry) => entry.name === route.rpc)?.access, route.rpc);
  });

  it("gives both clients and every decorated client exactly the table's methods", () => {
    const grpc = new GrpcEngineClient({ target: 'grpc://127.0.0.1:1', defaultDeadlineMs: 1_000 });
    const rest = new RestEngineClient({ target: 'http://127.0.0.1:1', defaultDeadlineMs: 1_000 });
    try {
      // The unary methods are the instance's own functions; streamRunEvents is written on the class.
      const ownMethods = (client: object): string[] =>
        sorted(
          Object.entries(client)
            .filter(([, value]) => typeof value === 'function')
            .map(([key]) => key),
        );
      assert.deepEqual(ownMethods(grpc), sorted(unaryMethods));
      assert.deepEqual(ownMethods(rest), sorted(unaryMethods));
      const decorated = decorateClient(rest, {});
      const rpcMembers = Object.keys(decorated).filter((key) => !['transport', 'target', 'rawRequest', 'probeUndeclaredMethod', 'close'].includes(key));
      assert.deepEqual(sorted(rpcMembers), sorted(RPC_TABLE.map((entry) => entry.clientMethod)));
    } finally {
      grpc.close();
      rest.close();
    }
  });

  it("routes every table RPC to the reference engine's handler of that name, over gRPC and over REST", async () => {
    const seen: string[] = [];
    const engine = await startReferenceEngine({ restPort: 0, onCall: (rpc) => seen.push(rpc) });
    const grpc = new GrpcEngineClient({ target: engine.url, defaultDeadlineMs: 5_000 });
    const rest = new RestEngineClient({ target: engine.restUrl ?? '', defaultDeadlineMs: 5_000 });
    try {
      await callEveryRpc(grpc);
      assert.deepEqual(seen, tableNames, 'gRPC');
      seen.length = 0;
      await callEveryRpc(rest);
      assert.deepEqual(seen, tableNames, 'REST');
    } finally {
      grpc.close();
      rest.close();
      await engine.stop();
    }
  });
});
