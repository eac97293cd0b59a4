#!/usr/bin/env node
import { dropIpServernameWarning } from './ip-servername-warning.js';
import { reportUnhandledRejections } from './unhandled-rejections.js';
import { declaredFlags, unknownFlagsMessage } from '../harness/cli/flag-suggestions.js';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { CommandIO } from '../harness/cli/command-io.js';
import { ExitCode } from '../harness/cli/command-io.js';
import { UsageError } from '../harness/cli/usage-error.js';
import { DEFAULT_JOBS } from '../harness/runner/check-scheduler.js';

/**
 * The command line: yargs turns flags into typed options and hands them to the command functions,
 * which never print or exit themselves. This file alone touches process.stdout and exit codes.
 */
// A reader that goes away (`… | head`) must not turn into a stack trace: stop writing quietly.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

const io: CommandIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  // A terminal gets a live line on stderr; logs (CI) get plain progress lines with the rest of stdout,
  // so stderr keeps only what went wrong.
  progress: process.stderr.isTTY
    ? { write: (text) => process.stderr.write(text), isTTY: true, columns: process.stderr.columns }
    : { write: (text) => process.stdout.write(text), isTTY: false },
};

const DEFAULT_REPORT_DIR = './openwop-conformance-report';
/** After a first Ctrl-C / SIGTERM the partial report has this long to be written before the process quits. */
const SIGNAL_GRACE_MS = 30_000;

/** What yargs hands over for a string flag: one value, a repeated flag's list, or nothing. */
type FlagValue = string | number | readonly (string | number)[] | undefined;

const asStrings = (value: FlagValue): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);
const asSurfaces = (value: FlagValue): ('grpc' | 'rest')[] => asStrings(value).filter((item): item is 'grpc' | 'rest' => item === 'grpc' || item === 'rest');
const splitGlobs = (value: FlagValue): string[] =>
  asStrings(value)
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);

/** `--only` (or `--skip`) given with no glob is a usage error, not a full run. */
function requirementGlobs(flag: 'only' | 'skip', value: FlagValue): string[] {
  const globs = splitGlobs(value);
  if (value !== undefined && globs.length === 0) throw new UsageError(`--${flag} needs a requirement id glob, e.g. --${flag} 'lifecycle.*'`);
  return globs;
}

/** Above this a deadline outlives any CI job (and timers overflow into "fire at once", a false "cannot reach"). */
const MAX_TIMEOUT_SCALE = 100;

function timeoutScale(raw: string): number {
  const scale = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(scale) || scale <= 0 || scale > MAX_TIMEOUT_SCALE) {
    throw new UsageError(`--timeout-scale must be a number above 0 and at most ${MAX_TIMEOUT_SCALE}, got "${raw}"`);
  }
  return scale;
}

async function main(): Promise<number> {
  dropIpServernameWarning();
  reportUnhandledRejections((line) => process.stderr.write(`${line}\n`));
  let exitCode: number = ExitCode.conformant;
  const parser = yargs(hideBin(process.argv))
    .scriptName('openwop-conformance')
    .usage('$0 <command> [options]\n\nConformance suite for openwop v1 engines over REST + SSE or gRPC (openwop.v1.Engine).')
    .command(
      'run',
      'run the suite against an engine and write a report',
      (command) =>
        command
          .option('target', {
            type: 'string',
            demandOption: true,
            describe:
              'grpc://host:port, grpcs://host:port, http(s)://host:port (REST + SSE), "reference" for the bundled engine over gRPC (its REST surface is compared by the parity area), or "reference-rest" for it over REST + SSE',
          })
          .option('rest-events', {
            choices: ['sse', 'poll'] as const,
            default: 'sse' as const,
            describe: 'REST targets: read run events over SSE or the long-poll endpoint',
          })
          .option('token', { type: 'string', describe: 'bearer token (default: $OPENWOP_TOKEN); never written to the report' })
          .option('limited-token', {
            type: 'string',
            describe:
              'a valid bearer token without the run scopes, for the PERMISSION_DENIED checks (default: $OPENWOP_LIMITED_TOKEN); never written to the report',
          })
          .option('other-tenant-token', {
            type: 'string',
            describe:
              'a valid bearer token of another tenant, with the run scopes, for the tenant-isolation checks (default: $OPENWOP_OTHER_TENANT_TOKEN); never written to the report',
          })
          .option('ca', { type: 'string', describe: 'PEM file of CA certificates for grpcs:// (default: system roots)' })
          .option('cert', { type: 'string', describe: 'client certificate PEM for mTLS (with --key)' })
          .option('key', { type: 'string', describe: 'client private key PEM for mTLS (with --cert)' })
          .option('report-dir', { type: 'string', default: DEFAULT_REPORT_DIR, describe: 'where report.json and the other formats are written' })
          .option('only', { type: 'string', array: true, describe: 'requirement id globs to run, e.g. "lifecycle.*" (repeatable or comma-separated)' })
          .option('skip', { type: 'string', array: true, describe: 'requirement id globs to leave out, after --only (repeatable or comma-separated)' })
          .option('require-behavior', { type: 'boolean', default: false, describe: 'fail requirements whose capability or fixture is not advertised' })
          .option('timeout-scale', { type: 'string', default: '1', describe: 'multiply every deadline (slow engines, cold starts)' })
          .option('max-duration', {
            type: 'number',
            describe:
              'end the run with a report after this many seconds, whatever the engine does (default: derived from the selected requirements, see README)',
          })
          .option('max-message-bytes', { type: 'number', describe: 'largest reply accepted from the engine (default 67108864, 64 MiB)' })
          .option('fault', { type: 'string', array: true, describe: 'with --target reference: switch on a named fault (repeatable)' })
          .option('variant', { type: 'string', array: true, describe: 'with --target reference: switch on a tolerated (spec-allowed) variant (repeatable)' })
          .option('baseline', {
            type: 'string',
            describe: 'known-failures.json: failures it lists do not fail the run; entries that now pass or match nothing do',
          })
          .option('require-profile', {
            type: 'string',
            array: true,
            describe:
              'make the exit code depend on these profiles being certified, e.g. grpc-core on a gRPC run, rest-core on a REST run (repeatable or comma-separated)',
          })
          .option('quiet', { type: 'boolean', default: false, describe: 'print only the verdict line' })
          .option('repeat', {
            type: 'number',
            default: 1,
            describe: "run the selection N times and report each requirement's pass ratio; the verdict is the worst run's",
          })
          .option('jobs', {
            type: 'number',
            default: DEFAULT_JOBS,
            describe: 'checks in flight at once against the engine; checks that share engine-wide state still run alone (1: one after another)',
          })
          .option('webhook-host', {
            type: 'string',
            default: '127.0.0.1',
            describe: 'address the webhook receiver binds and names in its URL (one the engine can reach)',
          })
          .option('webhook-port', { type: 'number', default: 0, describe: 'port of the webhook receiver (0 picks a free one)' })
          .option('rest', {
            type: 'string',
            describe: "with a gRPC --target: the same engine's REST surface (http(s)://host:port), compared by the parity area",
          })
          .option('grpc', {
            type: 'string',
            describe: "with a REST --target: the same engine's gRPC surface (grpc(s)://host:port) for the parity area (default: its advertised grpc.endpoint)",
          })
          .option('sign-key', {
            type: 'string',
            describe: 'PEM file of an Ed25519 private key: sign certification-bundle.json (default: the PEM text in $OPENWOP_SIGN_KEY)',
          }),
      async (args) => {
        // Ctrl-C (or a CI cancel's SIGTERM) ends the run early with a partial report; a second one quits at once.
        const stop = new AbortController();
        const onSignal = (): void => {
          if (stop.signal.aborted) process.exit(ExitCode.interrupted);
          io.err('openwop-conformance: interrupted; finishing the report (press Ctrl-C again to quit at once)');
          stop.abort();
          // A CI job's timeout sends one SIGTERM and waits: whatever still holds the run (a call that
          // ignores cancellation) must not keep the process alive past a bounded grace period.
          setTimeout(() => process.exit(ExitCode.interrupted), SIGNAL_GRACE_MS).unref();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        // Command modules load on demand: grpc-js, Ajv and the reporters cost a listing command ~1 s of start-up.
        const { runCommand } = await import('../harness/cli/run-command.js');
        exitCode = await runCommand(
          {
            signal: stop.signal,
            target: args.target,
            restEvents: args['rest-events'],
            // An empty OPENWOP_TOKEN (e.g. an Action input left blank) means no token, not the empty one.
            token: args.token ?? (process.env['OPENWOP_TOKEN'] || undefined),
            limitedToken: args['limited-token'] ?? process.env['OPENWOP_LIMITED_TOKEN'],
            otherTenantToken: args['other-tenant-token'] ?? (process.env['OPENWOP_OTHER_TENANT_TOKEN'] || undefined),
            caPath: args.ca,
            certPath: args.cert,
            keyPath: args.key,
            reportDir: args['report-dir'],
            only: requirementGlobs('only', args.only),
            skip: requirementGlobs('skip', args.skip),
            requireBehavior: args['require-behavior'],
            timeoutScale: timeoutScale(args['timeout-scale']),
            maxMessageBytes: args['max-message-bytes'],
            ...(args['max-duration'] !== undefined && { maxDurationSeconds: args['max-duration'] }),
            faults: asStrings(args.fault),
            variants: asStrings(args.variant),
            quiet: args.quiet,
            repeat: args.repeat,
            jobs: args.jobs,
            ...(args.baseline !== undefined && { baselinePath: args.baseline }),
            requireProfiles: splitGlobs(args['require-profile']),
            webhookReceiver: { host: args['webhook-host'], port: args['webhook-port'] },
            ...(args.rest !== undefined && { rest: args.rest }),
            ...(args.grpc !== undefined && { grpc: args.grpc }),
            ...(args['sign-key'] !== undefined && { signKeyPath: args['sign-key'] }),
            ...(process.env['OPENWOP_SIGN_KEY'] && { signKeyPem: process.env['OPENWOP_SIGN_KEY'] }),
          },
          io,
          process.env,
        );
      },
    )
    .command(
      'engine',
      'start the bundled reference engine',
      (command) =>
        command
          .option('port', { type: 'number', default: 50051, describe: 'port to listen on (0 picks a free one)' })
          .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind' })
          .option('rest-port', { type: 'number', describe: 'also serve REST + SSE (plain HTTP) on this port from the same engine (0 picks a free one)' })
          .option('token', { type: 'string', describe: 'require this bearer token on authenticated RPCs' })
          .option('limited-token', { type: 'string', describe: 'also accept this token, with the manifest:read scope only (needs --token)' })
          .option('other-tenant-token', {
            type: 'string',
            describe: 'also accept this token, with every scope in a second tenant that sees only its own runs (needs --token)',
          })
          .option('fault', { type: 'string', array: true, describe: 'switch on a named fault (repeatable)' })
          .option('variant', { type: 'string', array: true, describe: 'switch on a tolerated (spec-allowed) variant (repeatable)' })
          .option('tls-cert', { type: 'string', describe: 'server certificate PEM: serve grpcs:// only (with --tls-key)' })
          .option('tls-key', { type: 'string', describe: 'server private key PEM (with --tls-cert)' })
          .option('tls-client-ca', { type: 'string', describe: 'CA PEM that client certificates must chain to (mutual TLS)' })
          .option('allow-loopback-webhooks', {
            type: 'boolean',
            default: false,
            describe: 'test mode: accept http webhook URLs on loopback (refused otherwise, for SSRF safety)',
          }),
      async (args) => {
        const { engineCommand } = await import('../harness/cli/engine-command.js');
        const engine = await engineCommand(
          {
            host: args.host,
            port: args.port,
            ...(args['rest-port'] !== undefined && { restPort: args['rest-port'] }),
            faults: asStrings(args.fault),
            variants: asStrings(args.variant),
            token: args.token,
            limitedToken: args['limited-token'],
            otherTenantToken: args['other-tenant-token'],
            tlsCert: args['tls-cert'],
            tlsKey: args['tls-key'],
            tlsClientCa: args['tls-client-ca'],
            allowLoopbackWebhooks: args['allow-loopback-webhooks'],
          },
          io,
        );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await engine.stop();
      },
    )
    .command(
      'selftest',
      'prove the suite: the clean reference engine passes, every catalogued fault is caught',
      (command) =>
        command
          .option('report-dir', { type: 'string', default: DEFAULT_REPORT_DIR, describe: 'where kill-matrix.json and per-run reports go' })
          .option('concurrency', { type: 'number', default: 4, describe: 'suite runs in flight at once' })
          .option('jobs', { type: 'number', describe: `--jobs of each run (default: run's own, ${DEFAULT_JOBS})` })
          .option('fault', { type: 'string', array: true, describe: 'only these faults or tolerated variants (the catalogue check is then skipped)' })
          .option('surface', {
            type: 'string',
            array: true,
            choices: ['grpc', 'rest'],
            describe: 'prove the catalogue over these surfaces only (default: both; each entry runs over the surfaces it can be seen on)',
          }),
      async (args) => {
        const { selftestCommand } = await import('../harness/cli/selftest-command.js');
        exitCode = await selftestCommand(
          {
            reportDir: args['report-dir'],
            concurrency: args.concurrency,
            faults: asStrings(args.fault),
            surfaces: asSurfaces(args.surface),
            ...(args.jobs !== undefined && { jobs: args.jobs }),
          },
          io,
        );
      },
    )
    .command(
      'report <report>',
      'render junit.xml, summary.md, report.html, badges, ctrf.json and the certification bundle from a report.json',
      (command) =>
        command
          .positional('report', { type: 'string', demandOption: true, describe: 'a report.json written by run' })
          .option('report-dir', { type: 'string', describe: 'where to write the formats (default: beside report.json)' })
          .option('sign-key', {
            type: 'string',
            describe: 'PEM file of an Ed25519 private key: sign certification-bundle.json (default: the PEM text in $OPENWOP_SIGN_KEY)',
          }),
      async (args) => {
        const { reportCommand } = await import('../harness/cli/report-command.js');
        exitCode = await reportCommand(
          {
            reportPath: args.report,
            ...(args['report-dir'] !== undefined && { reportDir: args['report-dir'] }),
            ...(args['sign-key'] !== undefined && { signKeyPath: args['sign-key'] }),
            ...(process.env['OPENWOP_SIGN_KEY'] && { signKeyPem: process.env['OPENWOP_SIGN_KEY'] }),
          },
          io,
        );
      },
    )
    .command(
      'verify <bundle>',
      'check a certification bundle: signature, every digest, the claimed profiles, and (with --target) the live discovery document',
      (command) =>
        command
          .positional('bundle', { type: 'string', demandOption: true, describe: 'a certification-bundle.json' })
          .option('public-key', {
            type: 'string',
            describe: "PEM file of the publisher's Ed25519 public key (without it the signer is not checked and verify fails)",
          })
          .option('target', { type: 'string', describe: 'the engine (grpc(s):// or http(s)://): its discovery document must still have the pinned sha256' }),
      async (args) => {
        const { verifyCommand } = await import('../harness/cli/verify-command.js');
        exitCode = await verifyCommand(
          {
            bundlePath: args.bundle,
            ...(args['public-key'] !== undefined && { publicKeyPath: args['public-key'] }),
            ...(args.target !== undefined && { target: args.target }),
          },
          io,
        );
      },
    )
    .command(
      'call <rpc> [request]',
      "send one RPC through the suite's own client and print the reply or error (a report's repro lines use it; no grpcurl needed)",
      (command) =>
        command
          .positional('rpc', { type: 'string', demandOption: true, describe: 'the RPC, e.g. GetRun' })
          .positional('request', { type: 'string', default: '{}', describe: "the request as JSON, as a report's repro line shows it" })
          .option('target', { type: 'string', demandOption: true, describe: 'grpc(s)://host:port or http(s)://host:port' })
          .option('token', { type: 'string', describe: 'bearer token (default: $OPENWOP_TOKEN)' })
          .option('ca', { type: 'string', describe: 'PEM file of CA certificates' })
          .option('cert', { type: 'string', describe: 'client certificate PEM for mTLS (with --key)' })
          .option('key', { type: 'string', describe: 'client private key PEM for mTLS (with --cert)' })
          .option('deadline', { type: 'number', default: 10, describe: 'seconds the call (or stream) may take' }),
      async (args) => {
        const { callCommand } = await import('../harness/cli/call-command.js');
        const token = args.token ?? process.env['OPENWOP_TOKEN'];
        exitCode = await callCommand(
          {
            target: args.target,
            rpc: args.rpc,
            request: args.request,
            deadlineMs: Math.round(args.deadline * 1000),
            ...(token && { token }),
            ...(args.ca !== undefined && { caPath: args.ca }),
            ...(args.cert !== undefined && { certPath: args.cert }),
            ...(args.key !== undefined && { keyPath: args.key }),
          },
          io,
        );
      },
    )
    .command(
      'requirements',
      'list the requirements the suite checks',
      (command) => command.option('json', { type: 'boolean', default: false }),
      async (args) => {
        const { requirementsCommand } = await import('../harness/cli/listing-commands.js');
        exitCode = requirementsCommand({ json: args.json }, io);
      },
    )
    .command(
      'faults',
      "list the reference engine's faults and tolerated variants",
      (command) => command.option('json', { type: 'boolean', default: false }),
      async (args) => {
        const { faultsCommand } = await import('../harness/cli/listing-commands.js');
        exitCode = faultsCommand({ json: args.json }, io);
      },
    )
    .command(
      'coverage',
      'how much of the spec ledger the requirements prove (--untested: what they do not)',
      (command) =>
        command
          .option('json', { type: 'boolean', default: false, describe: "the ledger with each requirement's statements and the figures" })
          .option('untested', { type: 'boolean', default: false, describe: 'list the statements no requirement proves, and those not testable, with why' })
          .option('transport', { choices: ['grpc', 'rest'] as const, describe: 'figures for one transport (default: every statement)' }),
      async (args) => {
        const { coverageCommand } = await import('../harness/cli/coverage-command.js');
        exitCode = coverageCommand({ json: args.json, untested: args.untested, ...(args.transport && { transport: args.transport }) }, io);
      },
    )
    .demandCommand(1, 'name a command: run, report, verify, call, engine, selftest, requirements, faults or coverage')
    // Before validation: a mistyped flag is named with the closest real one, not reported as a missing required flag.
    .middleware((argv) => {
      // At parse time the instance holds the chosen command's options.
      const message = unknownFlagsMessage(argv, declaredFlags(parser));
      if (message) throw new UsageError(message);
    }, true)
    .strict()
    .recommendCommands()
    .help()
    .fail((message, error) => {
      // yargs words some problems over several lines ("Invalid values:\n  Argument: …"); keep them on one.
      throw new UsageError((message || (error ? error.message : 'invalid arguments')).replace(/\s*\n\s*/g, ' ').trim());
    });
  await parser.parseAsync();
  return exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`openwop-conformance: ${message.split('\n')[0]}`);
    if (!(error instanceof UsageError) && process.env['OPENWOP_DEBUG']) io.err(error instanceof Error ? (error.stack ?? '') : '');
    process.exitCode = ExitCode.usageOrConnection;
  },
);
