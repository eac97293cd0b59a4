import type { EngineClient, EventStream, RunEvent, StreamEnd } from '../../harness/transport/engine-client.js';

/** An EngineClient whose methods are given by the test; any other call fails loudly. */
export function fakeEngineClient(methods: Partial<EngineClient>): EngineClient {
  const unstubbed = (name: string) => () => {
    throw new Error(`fake engine client: ${name} is not stubbed`);
  };
  return new Proxy({ transport: 'grpc', target: 'grpc://fake:1', close: () => undefined, ...methods } as EngineClient, {
    get(target, property, receiver) {
      if (property in target) return Reflect.get(target, property, receiver) as unknown;
      return typeof property === 'string' ? unstubbed(property) : undefined;
    },
  });
}

/** A finished event stream that yields the given events and ends OK. */
export function eventStreamOf(events: RunEvent[]): EventStream {
  const end: StreamEnd = { kind: 'ok', trailers: {} };
  return {
    ended: Promise.resolve(end),
    cancel: () => undefined,
    async *[Symbol.asyncIterator]() {
      yield* events;
    },
  };
}
