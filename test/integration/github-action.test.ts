import { assert } from 'chai';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packagePath, packageRoot } from '../../harness/support/package-paths.js';

interface ActionStep {
  id?: string;
  name?: string;
  run?: string;
}
interface ActionFile {
  inputs: Record<string, { required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

describe('action.yml (composite GitHub Action)', function () {
  this.timeout(90_000);
  let action: ActionFile;

  before(async () => {
    action = parse(await readFile(packagePath('action.yml'), 'utf8')) as ActionFile;
  });

  it('takes target, token, profiles and baseline, and exposes the verdict, counts and report dir', () => {
    assert.strictEqual(action.runs.using, 'composite');
    assert.includeMembers(Object.keys(action.inputs), ['target', 'token', 'profiles', 'baseline']);
    assert.isTrue(action.inputs['target']?.required);
    assert.includeMembers(Object.keys(action.outputs), ['verdict', 'passed', 'failed', 'report-dir']);
    for (const [name, output] of Object.entries(action.outputs)) assert.strictEqual(output.value, `\${{ steps.run.outputs.${name} }}`);
  });

  it('passes every optional input on as its flag, and an interrupted run (130) as the exit-code output', async () => {
    assert.includeMembers(Object.keys(action.inputs), ['limited-token', 'ca', 'cert', 'key', 'timeout-scale', 'max-duration', 'only', 'skip']);
    assert.isTrue(
      action.runs.steps.some((step) => (step as { uses?: string }).uses?.startsWith('actions/cache@')),
      'the install and build are cached',
    );
    const script = action.runs.steps.find((step) => step.id === 'run')?.run;
    if (!script) throw new Error('action.yml has no step with id "run"');
    // A stand-in for the suite that records its arguments and exits as a cancelled run does.
    const fake = await mkdtemp(join(tmpdir(), 'owc-action-fake-'));
    await mkdir(join(fake, 'dist', 'bin'), { recursive: true });
    const argsFile = join(fake, 'args.json');
    await writeFile(
      join(fake, 'dist', 'bin', 'openwop-conformance.js'),
      `require('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify({ argv: process.argv.slice(2), limited: process.env.OPENWOP_LIMITED_TOKEN })); process.exit(130);\n`,
    );
    const outputs = join(fake, 'github-output');
    await writeFile(outputs, '');
    const inputs = {
      INPUT_TARGET: 'grpcs://engine:443',
      INPUT_PROFILES: '',
      INPUT_BASELINE: '',
      INPUT_REPORT_DIR: join(fake, 'reports'),
      INPUT_CA: 'ca.pem',
      INPUT_CERT: 'c.pem',
      INPUT_KEY: 'k.pem',
      INPUT_TIMEOUT_SCALE: '3',
      INPUT_MAX_DURATION: '600',
      INPUT_ONLY: 'lifecycle.*',
      OPENWOP_LIMITED_TOKEN: 'limited',
    };
    const code = await new Promise<number>((resolve) => {
      execFile('bash', ['-e', '-c', script], { env: { ...process.env, GITHUB_OUTPUT: outputs, GITHUB_ACTION_PATH: fake, ...inputs } }, (error) =>
        resolve(error ? (typeof error.code === 'number' ? error.code : -1) : 0),
      );
    });
    assert.strictEqual(code, 130);
    const seen = JSON.parse(await readFile(argsFile, 'utf8')) as { argv: string[]; limited: string };
    assert.deepEqual(seen.argv, [
      'run',
      '--target',
      'grpcs://engine:443',
      '--report-dir',
      join(fake, 'reports'),
      '--ca',
      'ca.pem',
      '--cert',
      'c.pem',
      '--key',
      'k.pem',
      '--timeout-scale',
      '3',
      '--max-duration',
      '600',
      '--only',
      'lifecycle.*',
    ]);
    assert.strictEqual(seen.limited, 'limited');
    assert.include(await readFile(outputs, 'utf8'), 'exit-code=130');
    const documented = (action.outputs['exit-code'] as { description?: string } | undefined)?.description ?? '';
    for (const exitCode of ['0', '1', '2', '3', '4', '130']) assert.include(documented, exitCode, `the exit-code output documents ${exitCode}`);
  });

  it('its run step sets every output it declares and passes the suite exit code on', async () => {
    const script = action.runs.steps.find((step) => step.id === 'run')?.run;
    if (!script) throw new Error('action.yml has no step with id "run"');
    const dir = await mkdtemp(join(tmpdir(), 'owc-action-'));
    const outputs = join(dir, 'github-output');
    await writeFile(outputs, '');
    const env = {
      ...process.env,
      GITHUB_OUTPUT: outputs,
      GITHUB_ACTION_PATH: packageRoot(),
      GITHUB_ACTIONS: '',
      OPENWOP_TOKEN: '',
      INPUT_TARGET: 'reference',
      INPUT_PROFILES: 'grpc-core',
      INPUT_BASELINE: '',
      INPUT_REPORT_DIR: join(dir, 'reports'),
    };
    const code = await new Promise<number>((resolve) => {
      execFile('bash', ['-e', '-c', script], { env, maxBuffer: 16 * 1024 * 1024 }, (error) =>
        resolve(error ? (typeof error.code === 'number' ? error.code : -1) : 0),
      );
    });
    assert.strictEqual(code, 0);
    const written = Object.fromEntries(
      (await readFile(outputs, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => line.split('=', 2) as [string, string]),
    );
    assert.sameMembers(Object.keys(written), Object.keys(action.outputs));
    assert.include(written, { verdict: 'conformant', failed: '0', 'exit-code': '0', 'report-dir': join(dir, 'reports') });
    assert.match(written['passed'] ?? '', /^[1-9]\d*$/);
  });
});
