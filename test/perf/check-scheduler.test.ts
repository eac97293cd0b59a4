import { assert } from 'chai';
import { CheckScheduler } from '../../harness/runner/check-scheduler.js';
import type { CheckIsolation } from '../../harness/requirements/requirement.js';

/** A task the test finishes by hand, recording when it started. */
interface Gate {
  name: string;
  isolation: CheckIsolation;
  finish: () => void;
  fail: (error: Error) => void;
}

function harness(jobs: number, specs: readonly { name: string; isolation?: CheckIsolation }[]) {
  const started: string[] = [];
  const gates = new Map<string, Gate>();
  const scheduler = new CheckScheduler(jobs);
  const outcomes = scheduler.schedule(
    specs.map((spec) => ({
      isolation: spec.isolation ?? {},
      run: () =>
        new Promise<string>((resolve, reject) => {
          started.push(spec.name);
          gates.set(spec.name, { name: spec.name, isolation: spec.isolation ?? {}, finish: () => resolve(spec.name), fail: reject });
        }),
    })),
  );
  const finish = async (name: string): Promise<void> => {
    const gate = gates.get(name);
    if (!gate) throw new Error(`${name} has not started`);
    gate.finish();
    // Let the settlement and the scheduler's next starts run.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { scheduler, started, outcomes, finish, gates };
}

describe('perf: check scheduler (--jobs)', () => {
  it('with one job, starts each task only after the previous one ended (the serial order)', async () => {
    const { started, finish } = harness(1, [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    assert.deepEqual(started, ['a']);
    await finish('a');
    assert.deepEqual(started, ['a', 'b']);
    await finish('b');
    await finish('c');
    assert.deepEqual(started, ['a', 'b', 'c']);
  });

  it('keeps N in flight, starting in order, and settles each promise with its own task', async () => {
    const { started, finish, outcomes, scheduler } = harness(2, [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }]);
    assert.deepEqual(started, ['a', 'b']);
    assert.strictEqual(scheduler.inFlight, 2);
    await finish('b');
    assert.deepEqual(started, ['a', 'b', 'c']);
    await finish('c');
    await finish('a');
    await finish('d');
    assert.deepEqual(await Promise.all(outcomes), ['a', 'b', 'c', 'd']);
    assert.strictEqual(scheduler.inFlight, 0);
  });

  it('runs an exclusive task alone: it waits for the engine to be idle and holds back everything after it', async () => {
    const { started, finish } = harness(4, [{ name: 'a' }, { name: 'b' }, { name: 'x', isolation: { exclusive: true } }, { name: 'c' }]);
    assert.deepEqual(started, ['a', 'b']);
    await finish('a');
    assert.deepEqual(started, ['a', 'b'], 'b still runs');
    await finish('b');
    assert.deepEqual(started, ['a', 'b', 'x']);
    await finish('x');
    assert.deepEqual(started, ['a', 'b', 'x', 'c']);
  });

  it('never overlaps tasks naming one resource, keeps their order, and lets others overtake', async () => {
    const port = { resources: ['port'] };
    const { started, finish } = harness(4, [
      { name: 'p1', isolation: port },
      { name: 'p2', isolation: port },
      { name: 'free' },
      { name: 'p3', isolation: port },
    ]);
    assert.deepEqual(started, ['p1', 'free']);
    await finish('p1');
    assert.deepEqual(started, ['p1', 'free', 'p2']);
    await finish('p2');
    assert.deepEqual(started, ['p1', 'free', 'p2', 'p3']);
  });

  it("passes a failure to that task's promise only", async () => {
    const { outcomes, gates, finish } = harness(2, [{ name: 'a' }, { name: 'b' }]);
    gates.get('a')?.fail(new Error('a failed'));
    await finish('b');
    const settled = await Promise.allSettled(outcomes);
    assert.deepEqual(
      settled.map((entry) => entry.status),
      ['rejected', 'fulfilled'],
    );
  });

  it('treats a task that throws before returning a promise as a failed task and goes on', async () => {
    const scheduler = new CheckScheduler(1);
    const [first, second] = scheduler.schedule<string>([
      {
        isolation: {},
        run: () => {
          throw new Error('sync');
        },
      },
      { isolation: {}, run: async () => 'ran' },
    ]);
    const outcome = await Promise.allSettled([first, second]);
    assert.deepEqual(
      outcome.map((entry) => entry.status),
      ['rejected', 'fulfilled'],
    );
  });

  it('refuses a job count below 1 or fractional', () => {
    assert.throws(() => new CheckScheduler(0), RangeError);
    assert.throws(() => new CheckScheduler(1.5), RangeError);
  });
});
