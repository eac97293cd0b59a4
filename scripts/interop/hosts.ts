// How to install and start the four example hosts of a checkout of openwop/openwop-examples.
// Each host is copied out of the checkout into the work directory and installed there, so the
// checkout stays untouched and the hosts never land in this repository.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export interface HostStart {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface ExampleHost {
  name: string;
  /** Directory inside the examples checkout. */
  dir: string;
  /**
   * npm packages the host needs at run time, on top of its own `dependencies`. Its devDependencies are
   * not installed: one of them (the upstream conformance package) is not on the npm registry, and
   * only `tsx` is needed to run the TypeScript sources.
   */
  npm?: Record<string, string>;
  /** Replaces a version range of the host's own `dependencies`. */
  overrides?: Record<string, string>;
  /** Environment for `npm install` (native builds). */
  installEnv?: Record<string, string>;
  start(hostDir: string, stateDir: string): HostStart;
  /** Seconds to wait for discovery to answer; the basis is what a start took on a 2-core machine. */
  startupSeconds: number;
}

const tsxStart = (entry: string) => (hostDir: string): HostStart => ({
  command: process.execPath,
  args: ['--import', 'tsx', entry],
  cwd: hostDir,
  env: {},
});

// The host asks for better-sqlite3 11; 12 is the line known to build from source on Node 20 against
// the installed Node headers (npm_config_nodedir), 13 crashes at load there.
const nodeHeaders: Record<string, string> = existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {};

export const EXAMPLE_HOSTS: readonly ExampleHost[] = [
  { name: 'in-memory', dir: 'examples/hosts/in-memory', npm: { tsx: '^4.0.0' }, start: tsxStart('src/server.ts'), startupSeconds: 30 },
  {
    name: 'sqlite',
    dir: 'examples/hosts/sqlite',
    npm: { tsx: '^4.0.0' },
    overrides: { 'better-sqlite3': '^12.0.0' },
    installEnv: nodeHeaders,
    start: (hostDir, stateDir) => ({ ...tsxStart('src/server.ts')(hostDir), env: { OPENWOP_SQLITE_PATH: join(stateDir, 'sqlite.db') } }),
    startupSeconds: 30,
  },
  {
    name: 'python',
    dir: 'examples/hosts/python',
    start: (hostDir) => ({
      command: 'python3',
      args: ['-m', 'openwop_host'],
      cwd: hostDir,
      env: { PYTHONPATH: join(hostDir, 'src') },
    }),
    startupSeconds: 30,
  },
  {
    name: 'postgres',
    dir: 'examples/hosts/postgres',
    // pglite runs Postgres in process (scripts/start-pglite.ts), so no database server is needed.
    npm: { tsx: '^4.0.0', '@electric-sql/pglite': '^0.2.0' },
    start: tsxStart('scripts/start-pglite.ts'),
    // pglite's WebAssembly start took ~20 s under load.
    startupSeconds: 120,
  },
];

const INSTALLED_MARKER = '.interop-installed';

function run(command: string, args: string[], cwd: string, env: Record<string, string>): void {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) {
    const tail = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-3).join(' / ');
    throw new Error(`${command} ${args.join(' ')} in ${cwd} failed (exit ${String(result.status)}): ${tail}`);
  }
}

/** Copies the host out of the checkout and installs it; reuses an install whose package.json is unchanged. */
export function installHost(host: ExampleHost, examplesDir: string, workDir: string): string {
  const source = join(examplesDir, host.dir);
  if (!existsSync(source)) throw new Error(`${source} does not exist (is --examples a checkout of openwop/openwop-examples?)`);
  const target = join(workDir, 'hosts', host.name);
  const upstream = existsSync(join(source, 'package.json'))
    ? (JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> })
    : undefined;
  const manifest =
    upstream === undefined
      ? undefined
      : JSON.stringify(
          {
            name: `interop-${host.name}`,
            private: true,
            type: 'module',
            dependencies: { ...upstream.dependencies, ...host.overrides, ...host.npm },
          },
          null,
          2,
        );
  // The marker is written only after npm install succeeded: a failed install (node_modules half
  // there, package.json already written) must not pass for a finished one next time.
  const marker = join(target, INSTALLED_MARKER);
  const installed = manifest !== undefined && existsSync(marker) && readFileSync(marker, 'utf8') === manifest;
  if (!installed) rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  // Fresh sources every time (the checkout may have moved on); node_modules stays.
  cpSync(source, target, {
    recursive: true,
    filter: (path) => !/[\\/](node_modules|test|\.git)([\\/]|$)/.test(path.slice(source.length)),
  });
  if (manifest === undefined) return target;
  writeFileSync(join(target, 'package.json'), manifest);
  rmSync(join(target, 'package-lock.json'), { force: true });
  if (!installed) {
    run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], target, host.installEnv ?? {});
    writeFileSync(marker, manifest);
  }
  return target;
}
