// npm run interop -- --examples <checkout of openwop/openwop-examples> [--engine name=url[,token=ENV]] [--check]
// Runs the built suite over REST (SSE, then long poll) against each engine, one at a time, and writes
// one matrix from the report.json files. Not part of `npm test`: the example hosts are not installable
// from a registry.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXAMPLE_HOSTS, installHost } from './hosts.js';
import { freePort, startEngine, stopEngine, waitForDiscovery, type RunningEngine } from './engine-process.js';
import { buildMatrix, renderHtml, renderMarkdown, type MatrixRun, type ReportLike } from './matrix.js';
import { compareWithTriage, formatMoved, parseTriageFile, seedTriage, type MovedResult, type TriageFile } from './triage.js';
import { parseEngineSpec, type EngineSpec } from './engine-spec.js';
import { preloadSpecFixtures } from './preloaded-fixtures.js';

const EXIT_MOVED = 1;
const EXIT_BAD_INPUT = 2;
const EXIT_ENGINE_NOT_MEASURED = 4;
const CLI = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../fixtures/workflows', import.meta.url));

function badInput(message: string): never {
  process.stderr.write(`interop: ${message}\n`);
  process.exit(EXIT_BAD_INPUT);
}

/**
 * The input area's fast-check seed for every run (OPENWOP_CONFORMANCE_SEED): generated requests are
 * the same each time, so a result does not move between matrices only because other invalid
 * requests were drawn (python's 422 to a bogus drain policy is seen only when one is drawn).
 */
const DEFAULT_SEED = 15;

/** What every run of one matrix shares. */
interface RunSettings {
  jobs: number;
  /** Further suite flags (--timeout-scale). */
  extra: string[];
  seed: number;
  /** OPENWOP_FIXTURES_DIR for the example hosts. */
  fixturesDir: string;
}

/**
 * The events modes of a matrix, plus `guarded`: the host started without OPENWOP_WEBHOOK_ALLOW_PRIVATE
 * (its SSRF guard on, as shipped) and only the webhook area run, over SSE. The other modes turn the
 * guard off so the hosts accept the suite's loopback receiver, which also lets private-range URLs
 * through; the SSRF requirement is judged honestly only here (the rest of the area then blocks on the
 * refused receiver, as the README says).
 */
const INTEROP_MODES = ['sse', 'poll', 'guarded'] as const;
const GUARDED_ONLY = 'webhook.*';
/** Judged only in `guarded`: with the guard switched off the host accepts private URLs because we asked it to. */
const GUARD_OFF_SKIP = 'webhook.register-ssrf-unsafe-url-rejected';

function suiteArgs(url: string, mode: string, reportDir: string, settings: RunSettings, startedHere: boolean): string[] {
  const events = mode === 'guarded' ? 'sse' : mode;
  const selection = mode === 'guarded' ? ['--only', GUARDED_ONLY] : startedHere ? ['--skip', GUARD_OFF_SKIP] : [];
  return [CLI, 'run', '--target', url, '--rest-events', events, '--jobs', String(settings.jobs), '--report-dir', reportDir, '--quiet', ...selection, ...settings.extra];
}

async function runSuite(spec: EngineSpec, mode: string, reportDir: string, settings: RunSettings): Promise<ReportLike | string> {
  const { seed } = settings;
  const args = suiteArgs(spec.url, mode, reportDir, settings, spec.host !== undefined);
  // The token goes through the environment, never the command line (ps shows argv).
  const env = { ...process.env, OPENWOP_TOKEN: spec.token ?? '', OPENWOP_CONFORMANCE_SEED: String(seed) };
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', done);
  });
  const file = join(reportDir, 'report.json');
  if (!existsSync(file)) return `the suite wrote no report (exit ${String(code)})`;
  return JSON.parse(readFileSync(file, 'utf8')) as ReportLike;
}

async function measure(spec: EngineSpec, mode: string, workDir: string, settings: RunSettings): Promise<MatrixRun> {
  let engine: RunningEngine | undefined;
  let url = spec.url;
  try {
    if (spec.host !== undefined) {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      const stateDir = join(workDir, 'state', spec.name, mode);
      mkdirSync(stateDir, { recursive: true });
      const start = spec.host.start(spec.hostDir ?? '', stateDir);
      engine = startEngine(
        start,
        {
          OPENWOP_PORT: String(port),
          OPENWOP_HOST: '127.0.0.1',
          OPENWOP_API_KEY: spec.token ?? '',
          OPENWOP_FIXTURES_DIR: settings.fixturesDir,
          // The suite's webhook receiver listens on loopback, which the hosts' SSRF guards refuse unless
          // told; `guarded` leaves the guard as shipped.
          ...(mode !== 'guarded' && { OPENWOP_WEBHOOK_ALLOW_PRIVATE: 'true' }),
        },
        join(workDir, 'logs', `${spec.name}-${mode}.log`),
      );
    }
    await waitForDiscovery(url, engine, spec.host?.startupSeconds ?? 30);
    process.stdout.write(`interop: ${spec.name} over REST (${mode}) at ${url}\n`);
    const outcome = await runSuite({ ...spec, url }, mode, join(workDir, 'reports', spec.name, mode), settings);
    return typeof outcome === 'string' ? { engine: spec.name, mode, failure: outcome } : { engine: spec.name, mode, report: outcome };
  } catch (error) {
    return { engine: spec.name, mode, failure: error instanceof Error ? error.message : String(error) };
  } finally {
    if (engine !== undefined) await stopEngine(engine);
  }
}

function readReports(dir: string, engines: readonly string[], modes: readonly string[]): MatrixRun[] {
  return engines.flatMap((engine) =>
    modes.map((mode): MatrixRun => {
      const file = join(dir, engine, mode, 'report.json');
      if (!existsSync(file)) return { engine, mode, failure: `no ${file}` };
      return { engine, mode, report: JSON.parse(readFileSync(file, 'utf8')) as ReportLike };
    }),
  );
}

function readTriage(dir: string, engine: string): TriageFile | undefined {
  const file = join(dir, `${engine}.json`);
  if (!existsSync(file)) return undefined;
  try {
    return parseTriageFile(JSON.parse(readFileSync(file, 'utf8')), file);
  } catch (error) {
    return badInput(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('interop')
    .option('examples', { type: 'string', describe: 'a checkout of openwop/openwop-examples: its four example hosts join the matrix' })
    .option('hosts', { type: 'array', string: true, describe: `example hosts to run (default all: ${EXAMPLE_HOSTS.map((h) => h.name).join(', ')})` })
    .option('engine', { type: 'array', string: true, default: [], describe: 'your own running engine: name=url[,token=ENV_VAR] (repeatable)' })
    .option('modes', {
      type: 'array',
      string: true,
      default: [...INTEROP_MODES],
      describe: 'sse, poll (--rest-events), guarded (example hosts with their SSRF guard on, webhook area only)',
    })
    .option('out', { type: 'string', default: 'interop', describe: 'where matrix.md, matrix.html and matrix.json go' })
    .option('triage-dir', { type: 'string', describe: 'triage files <engine>.json (default <out>/triage)' })
    .option('work-dir', { type: 'string', default: join(process.env.TMPDIR ?? '/tmp', 'openwop-interop'), describe: 'installed hosts, logs and reports' })
    .option('from-reports', { type: 'string', describe: 'build the matrix from <dir>/<engine>/<mode>/report.json without running anything' })
    .option('jobs', { type: 'number', default: 4, describe: 'the suite\'s --jobs' })
    .option('timeout-scale', { type: 'number', describe: 'the suite\'s --timeout-scale' })
    .option('seed', { type: 'number', default: DEFAULT_SEED, describe: 'fast-check seed of the input area (OPENWOP_CONFORMANCE_SEED), the same for every run' })
    .option('check', { type: 'boolean', default: false, describe: 'exit 1 when a result moved versus the triage files' })
    .option('seed-triage', { type: 'boolean', default: false, describe: 'append untriaged entries for new non-pass results to the triage files' })
    .strict()
    .fail((message, error) => badInput(error?.message ?? message))
    .parse();

  const splitList = (values: readonly string[]): string[] => values.flatMap((v) => v.split(',')).filter((v) => v !== '');
  const modes = [...new Set(splitList(argv.modes))];
  const workDir = resolve(argv['work-dir']);
  const examples = argv.examples === undefined ? undefined : resolve(argv.examples);
  const wanted = argv.hosts === undefined ? EXAMPLE_HOSTS.map((h) => h.name) : splitList(argv.hosts);
  for (const mode of modes) if (!(INTEROP_MODES as readonly string[]).includes(mode)) badInput(`unknown mode "${mode}" (${INTEROP_MODES.join(', ')})`);
  for (const name of wanted) if (!EXAMPLE_HOSTS.some((h) => h.name === name)) badInput(`unknown example host "${name}"`);
  const specs: EngineSpec[] = [];
  if (examples !== undefined) {
    if (!existsSync(join(examples, 'examples', 'hosts'))) badInput(`${examples} has no examples/hosts (expected a checkout of openwop/openwop-examples)`);
    for (const host of EXAMPLE_HOSTS.filter((h) => wanted.includes(h.name))) {
      specs.push({ name: host.name, url: '', token: `interop-${host.name}-${randomBytes(8).toString('hex')}`, host });
    }
  }
  for (const text of argv.engine) {
    const parsed = parseEngineSpec(text, process.env);
    if (typeof parsed === 'string') badInput(parsed);
    specs.push(parsed);
  }
  const names = specs.map((s) => s.name);
  if (new Set(names).size !== names.length) badInput(`an engine name is used twice: ${names.join(', ')}`);
  if (specs.length === 0 && argv['from-reports'] === undefined) badInput('nothing to run: give --examples <checkout>, --engine name=url, or --from-reports <dir>');

  const started = Date.now();
  let runs: MatrixRun[];
  if (argv['from-reports'] !== undefined) {
    const engines = names.length > 0 ? names : wanted;
    runs = readReports(resolve(argv['from-reports']), engines, modes);
  } else {
    mkdirSync(join(workDir, 'logs'), { recursive: true });
    runs = [];
    const extra = argv['timeout-scale'] === undefined ? [] : ['--timeout-scale', String(argv['timeout-scale'])];
    const preloaded = preloadSpecFixtures(FIXTURES, join(workDir, 'fixtures'));
    for (const [file, types] of Object.entries(preloaded.leftOut)) {
      process.stdout.write(`interop: not preloaded: ${file} (node type ${types.join(', ')} is the suite's own, not the spec's; its requirements are inapplicable)\n`);
    }
    for (const spec of specs) {
      if (spec.host !== undefined && examples !== undefined) {
        try {
          process.stdout.write(`interop: installing ${spec.name}\n`);
          spec.hostDir = installHost(spec.host, examples, workDir);
        } catch (error) {
          const failure = error instanceof Error ? error.message : String(error);
          for (const mode of modes) runs.push({ engine: spec.name, mode, failure });
          continue;
        }
      }
      // One engine at a time, a fresh process per mode: runs never share state or CPU.
      const settings: RunSettings = { jobs: argv.jobs, extra, seed: argv.seed, fixturesDir: preloaded.dir };
      // `guarded` needs a host this script starts (it decides the host's environment); an engine of
      // your own runs as you started it.
      for (const mode of modes) if (mode !== 'guarded' || spec.host !== undefined) runs.push(await measure(spec, mode, workDir, settings));
    }
  }

  const matrix = buildMatrix(runs);
  const out = resolve(argv.out);
  const triageDir = resolve(argv['triage-dir'] ?? join(out, 'triage'));
  const moved: MovedResult[] = [];
  for (const engine of [...new Set(runs.map((r) => r.engine))]) {
    let triage = readTriage(triageDir, engine);
    if (argv['seed-triage']) {
      triage = seedTriage(matrix, engine, triage, `seeded ${new Date().toISOString()}`);
      mkdirSync(triageDir, { recursive: true });
      writeFileSync(join(triageDir, `${engine}.json`), `${JSON.stringify(triage, null, 2)}\n`);
    }
    if (triage !== undefined) moved.push(...compareWithTriage(matrix, triage));
  }
  const suiteVersion = runs.find((r) => r.report?.suite?.version !== undefined)?.report?.suite?.version ?? 'unknown';
  const how =
    argv['from-reports'] === undefined
      ? `${runs.length} run(s) in ${Math.round((Date.now() - started) / 1000)} s`
      : `${runs.length} run(s) read from ${argv['from-reports']}`;
  const notes = [
    `Suite ${suiteVersion} run over REST against each engine, events over SSE and over long poll (one engine at a time, --jobs ${argv.jobs}, input seed ${argv.seed}); ${how}.`,
    ...(modes.includes('guarded') ? ['Mode guarded: the example hosts started with their SSRF guard on (no OPENWOP_WEBHOOK_ALLOW_PRIVATE), webhook area only, events over SSE.'] : []),
    moved.length === 0 ? 'No result moved versus the triage files.' : `${moved.length} result(s) moved versus the triage files (see matrix.json "moved").`,
  ];
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'matrix.md'), renderMarkdown(matrix, notes));
  writeFileSync(join(out, 'matrix.html'), renderHtml(matrix, notes));
  writeFileSync(join(out, 'matrix.json'), `${JSON.stringify({ ...matrix, moved }, null, 2)}\n`);
  for (const column of matrix.columns) {
    const counts = Object.entries(column.counts).map(([d, n]) => `${d} ${n}`).join(', ');
    process.stdout.write(`interop: ${column.key}: ${column.failure ?? column.verdict} (${counts})\n`);
  }
  for (const line of formatMoved(moved)) process.stdout.write(`interop: moved: ${line}\n`);
  process.stdout.write(`interop: wrote ${join(out, 'matrix.md')}, matrix.html, matrix.json\n`);
  if (argv.check && moved.length > 0) process.exit(EXIT_MOVED);
  if (matrix.columns.some((c) => c.failure !== undefined)) process.exit(EXIT_ENGINE_NOT_MEASURED);
}

await main();
