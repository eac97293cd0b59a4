import { assert } from 'chai';
import { engineCommand } from '../../../harness/cli/engine-command.js';
import { UsageError } from '../../../harness/cli/usage-error.js';

/** `openwop-conformance engine --rest-port`: both surfaces from one engine, both URLs printed. */
describe('engine command: --rest-port', () => {
  const base = { host: '127.0.0.1', port: 0, faults: [], variants: [] };

  it('serves REST beside gRPC and prints both URLs; stop() closes both', async () => {
    const lines: string[] = [];
    const engine = await engineCommand({ ...base, restPort: 0 }, { out: (line) => lines.push(line), err: (line) => lines.push(line) });
    const restUrl = engine.restUrl ?? '';
    try {
      assert.match(restUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.include(lines.join('\n'), engine.url);
      assert.include(lines.join('\n'), restUrl);
      assert.strictEqual((await fetch(`${restUrl}/.well-known/openwop`)).status, 200);
    } finally {
      await engine.stop();
    }
    const afterStop = await fetch(`${restUrl}/.well-known/openwop`).then(
      () => 'answered',
      () => 'refused',
    );
    assert.strictEqual(afterStop, 'refused');
  });

  it('refuses a REST port outside 0..65535 with one usage line', async () => {
    const refusal = await engineCommand({ ...base, restPort: 70000 }, { out: () => undefined, err: () => undefined }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.instanceOf(refusal, UsageError);
    assert.include(String(refusal), '--rest-port');
  });

  it('starts without REST when no port is given', async () => {
    const engine = await engineCommand(base, { out: () => undefined, err: () => undefined });
    try {
      assert.strictEqual(engine.restUrl, undefined);
    } finally {
      await engine.stop();
    }
  });
});
