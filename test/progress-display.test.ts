import { assert } from 'chai';
import { ProgressDisplay } from '../reporters/progress-display.js';

/** A fake clock and a collecting sink: progress is driven by hand, never by real time. */
function harness(isTTY: boolean) {
  let now = 0;
  const written: string[] = [];
  const display = new ProgressDisplay({ write: (text) => written.push(text), isTTY, columns: 120 }, { tickMs: 0, now: () => now, slowCheckMs: 5_000 });
  display.planned([
    { requirementId: 'discovery.a', area: 'discovery' },
    { requirementId: 'lifecycle.b', area: 'lifecycle' },
    { requirementId: 'lifecycle.c', area: 'lifecycle' },
  ]);
  return { display, written, advance: (ms: number) => (now += ms) };
}

describe('progress display', () => {
  it('on a terminal redraws one line: area, done/total, failures so far, the running check and its time', () => {
    const { display, written, advance } = harness(true);
    display.checkStarted('discovery.a');
    display.checkFinished('discovery.a', 'fail');
    display.checkStarted('lifecycle.b');
    advance(3_200);
    display.tick();
    assert.strictEqual(written.at(-1), '\r\x1b[Klifecycle 1/3 · 1 failed · lifecycle.b 3.2 s');
    assert.isTrue(
      written.every((text) => !text.includes('\n')),
      'a terminal line is redrawn in place, never scrolled',
    );
    display.finished();
    assert.strictEqual(written.at(-1), '\r\x1b[K', 'the line is cleared before the summary');
  });

  it('in CI prints a plain line per finished area and per slow check, never a redraw', () => {
    const { display, written, advance } = harness(false);
    display.checkStarted('discovery.a');
    display.checkFinished('discovery.a', 'pass');
    display.checkStarted('lifecycle.b');
    advance(1_000);
    display.tick();
    display.checkFinished('lifecycle.b', 'pass');
    display.checkStarted('lifecycle.c');
    advance(6_000);
    display.tick();
    display.checkFinished('lifecycle.c', 'fail');
    display.finished();
    assert.deepEqual(written, [
      'openwop-conformance: running 3 checks in 2 areas\n',
      'openwop-conformance: discovery done (1/3 checks, 0 failed so far)\n',
      'openwop-conformance: still running lifecycle.c (6.0 s)\n',
      'openwop-conformance: lifecycle.c took 6.0 s (fail)\n',
      'openwop-conformance: lifecycle done (3/3 checks, 1 failed so far)\n',
    ]);
  });

  it('counts a check reported twice only once', () => {
    const { display, advance } = harness(true);
    display.checkStarted('discovery.a');
    advance(10);
    display.checkFinished('discovery.a', 'fail');
    display.checkFinished('discovery.a', 'fail');
    assert.strictEqual(display.statusLine(), 'discovery 1/3 · 1 failed', 'the area of the last check stays on the line between checks');
  });
});
