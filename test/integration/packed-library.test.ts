import { assert } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../../harness/support/package-paths.js';
import { REQUIREMENTS } from '../../harness/requirements/registry.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The published package, not this checkout: `npm pack`, install the tarball into a directory outside
 * the repository (dependencies from the registry or npm's cache), then use it as a user would. A file
 * missing from `files` (schemas, proto, fixtures) or a broken `exports` fails here, not after release.
 */
describe('the packed package', function () {
  this.timeout(300_000);
  let work: string;
  let app: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'openwop-packed-'));
    const { stdout } = await run(npm, ['pack', '--silent', '--pack-destination', work], { cwd: packageRoot(), maxBuffer: 64 * 1024 * 1024 });
    const tarball = join(work, stdout.trim().split('\n').pop() ?? '');
    assert.isTrue(existsSync(tarball), `npm pack wrote no tarball (${stdout})`);
    app = join(work, 'app');
    await run('mkdir', [app]);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'engine-under-test', version: '1.0.0', private: true, type: 'module' }));
    await run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', tarball], { cwd: app, maxBuffer: 64 * 1024 * 1024 });
  });

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ships its declarations, schemas, proto and workflow fixtures', async () => {
    const installed = join(app, 'node_modules', 'openwop-conformance');
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { types: string };
    assert.isTrue(existsSync(join(installed, manifest.types)), 'the types entry is missing');
    assert.isTrue(existsSync(join(installed, 'proto', 'openwop', 'v1', 'engine.proto')));
    assert.include(await readdir(join(installed, 'schemas')), 'certification-bundle.schema.json');
    assert.include(await readdir(join(installed, 'fixtures', 'workflows')), 'conformance-noop.json');
  });

  it('imports the API by package name and runs it against the bundled engine', async () => {
    const script = [
      "import { runSuite, requirements, findRequirement, renderJunit, renderCertificationBundle } from 'openwop-conformance';",
      "const run = await runSuite({ target: 'reference', only: ['discovery.served-without-token', 'lifecycle.noop-completes'] });",
      'const bundle = renderCertificationBundle(run.report);',
      "console.log(JSON.stringify({ verdict: run.verdict, exitCode: run.exitCode, pass: run.report.summary.pass, requirements: requirements.length, frozen: Object.isFrozen(requirements), found: findRequirement('lifecycle.noop-completes')?.area, junit: renderJunit(run.report).startsWith('<?xml'), bundle: bundle?.bundleVersion }));",
    ].join('\n');
    await writeFile(join(app, 'use-api.mjs'), script);
    const { stdout } = await run(process.execPath, ['use-api.mjs'], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
    const seen = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    assert.deepInclude(seen, { verdict: 'conformant', exitCode: 0, pass: 2, frozen: true, found: 'lifecycle', junit: true, bundle: '2' });
    assert.strictEqual(seen['requirements'], REQUIREMENTS.all.length);
  });

  it('runs `npx openwop-conformance` from the installed package', async () => {
    const reportDir = join(app, 'report');
    const { stdout } = await run(
      'npx',
      [
        '--no-install',
        'openwop-conformance',
        'run',
        '--target',
        'reference-rest',
        '--only',
        'discovery.served-without-token',
        '--report-dir',
        reportDir,
        '--quiet',
      ],
      { cwd: app, env: { ...process.env, OPENWOP_TOKEN: '' } },
    );
    assert.match(stdout, /^CONFORMANT/m);
    assert.isTrue(existsSync(join(reportDir, 'certification-bundle.json')));
  });
});
