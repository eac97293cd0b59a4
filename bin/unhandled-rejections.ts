/**
 * A promise of the suite's own that rejects with nobody waiting for it is a suite bug, but Node's
 * default (end the process) would then cost the user the whole run and its report. Seen once under
 * heavy load on three REST self-test entries (an engine's refusal, RpcError from errorFromHttp,
 * whose reader had already gone); the leak was not found. Such an answer was read by no check, so no
 * verdict depends on it: the run goes on, and the bug is shown as the suite's, with its stack, so
 * it can be reported and found.
 */
const SHOWN = 3;

export function reportUnhandledRejections(write: (line: string) => void): void {
  let seen = 0;
  process.on('unhandledRejection', (reason: unknown) => {
    seen += 1;
    if (seen > SHOWN) return;
    const what = reason instanceof Error ? `${reason.name}: ${reason.message}\n${reason.stack ?? ''}` : String(reason);
    write(
      `openwop-conformance: suite bug (please report): a promise rejected with nobody waiting for it; the run goes on, since no check read that answer: ${what}`,
    );
  });
}
