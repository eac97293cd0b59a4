import { assert as chaiAssert } from 'chai';

export type Assert = typeof chaiAssert;

/** Counts assertions so a test that asserted nothing can be reported as blocked, not pass. */
export interface AssertionCounter {
  count: number;
}

/**
 * chai's assert with every call counted: `assert(x)` and `assert.equal(...)` alike. Only calls made
 * through this object count, which is why suites receive it from their context and never import chai.
 */
export function createCountingAssert(counter: AssertionCounter): Assert {
  return new Proxy(chaiAssert, {
    apply(target, thisArg, args: Parameters<Assert>) {
      counter.count += 1;
      return Reflect.apply(target, thisArg, args);
    },
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counter.count += 1;
        const result: unknown = Reflect.apply(value, target, args);
        return result;
      };
    },
  });
}
