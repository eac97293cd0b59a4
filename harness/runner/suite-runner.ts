import Mocha from 'mocha';
import type { AssertionCounter } from '../verdicts/counting-assert.js';
import type { Deadlines } from '../waits/deadlines.js';
import type { EngineClient } from '../transport/engine-client.js';
import type { Selection } from '../verdicts/gating.js';
import { decideApplicability } from '../verdicts/gating.js';
import type { JsonObject } from '../support/json.js';
import type { ReproTarget } from '../verdicts/repro.js';
import { grpcurlCommand } from '../verdicts/repro.js';
import type { CheckRecord } from '../verdicts/result-collector.js';
import { ResultCollector } from '../verdicts/result-collector.js';
import type { RequirementRegistry } from '../requirements/registry.js';
import type { Requirement } from '../requirements/requirement.js';
import { AREAS } from '../requirements/requirement.js';
import type { RequirementResult } from '../verdicts/results.js';
import type { RpcName } from '../transport/rpc-names.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import type { RequirementTest } from './suite-dsl.js';
import { TestContext } from './test-context.js';
import { createValidatingClient } from '../schemas/wire-validation.js';

export interface SuiteRunInput {
  /** The bare transport; each check gets its own validating wrapper around it. */
  transport: EngineClient;
  schemas: SchemaRegistry;
  requirements: RequirementRegistry;
  checks: readonly RequirementTest[];
  capabilities: JsonObject;
  selection: Selection;
  deadlines: Deadlines;
  reproTarget: ReproTarget;
  /** --limited-token, handed to the checks that test scopes. */
  limitedToken?: string;
}

/** A check may not run longer than this, whatever its own waits say (scaled by --timeout-scale). */
const SAFETY_TIMEOUT_MS = 120_000;

interface PendingCheck {
  requirement: Requirement;
  record: CheckRecord;
}

/**
 * Runs the applicable checks as mocha tests, one mocha suite per area, through mocha's
 * programmatic API. Tests are built from check definitions for each run (not loaded from files),
 * so one process can run the suite many times. A reporter feeds our results model from mocha's
 * pass/fail events; requirements that are not run are decided before mocha starts.
 */
export interface SuiteRunOutput {
  results: RequirementResult[];
  /** Fixtures and capabilities a core requirement needs that the engine does not advertise, one line each. */
  coreGaps: string[];
}

export async function runSuites(input: SuiteRunInput): Promise<SuiteRunOutput> {
  const collector = new ResultCollector(input.requirements, (rpc, request) => grpcurlCommand(input.reproTarget, rpc, request));
  const checksById = new Map(input.checks.map((check) => [check.requirementId, check]));
  const pending = new Map<Mocha.Runnable, PendingCheck>();
  const gaps = new Map<string, string[]>();
  const mocha = new Mocha({ timeout: SAFETY_TIMEOUT_MS * input.deadlines.timeoutScale, reporter: collectingReporter(collector, pending) });

  for (const area of AREAS) {
    const suite = Mocha.Suite.create(mocha.suite, area);
    for (const requirement of input.requirements.all.filter((entry) => entry.area === area)) {
      const decision = decideApplicability(requirement, input.capabilities, input.selection);
      if (decision.kind === 'skipped') {
        collector.decided(requirement, 'skipped', decision.reason);
        continue;
      }
      if (decision.kind === 'inapplicable') {
        collector.decided(requirement, 'inapplicable', decision.reason, decision.warnings);
        if (requirement.core) for (const item of decision.missing) gaps.set(item, [...(gaps.get(item) ?? []), requirement.id]);
        continue;
      }
      if (decision.kind === 'required-but-missing') {
        collector.decided(requirement, 'fail', decision.reason);
        continue;
      }
      const check = checksById.get(requirement.id);
      if (!check) continue; // finalize() reports it blocked: no check implements it
      suite.addTest(new Mocha.Test(`${requirement.id}: ${requirement.title}`, makeTestBody(input, requirement, check, collector, pending)));
    }
  }

  await new Promise<void>((resolve) => {
    mocha.run(() => resolve());
  });
  mocha.dispose();
  const coreGaps = [...gaps].map(([item, ids]) => `${item} (needed by core requirement${ids.length === 1 ? '' : 's'} ${ids.join(', ')})`);
  return { results: collector.finalize(), coreGaps };
}

function makeTestBody(input: SuiteRunInput, requirement: Requirement, check: RequirementTest, collector: ResultCollector, pending: Map<Mocha.Runnable, PendingCheck>) {
  return async function (this: Mocha.Context): Promise<void> {
    const counter: AssertionCounter = { count: 0 };
    const warnings: string[] = [];
    let lastCall: { rpc: RpcName; request: unknown } | undefined;
    const client = createValidatingClient(input.transport, input.schemas, {
      caseId: requirement.id,
      listener: {
        onCall: (rpc, request) => {
          lastCall = { rpc, request };
        },
        onViolation: (violation) => collector.violationSeen(violation, requirement.id),
        onWarning: (message) => {
          if (!warnings.includes(message)) warnings.push(message);
        },
      },
    });
    const context = new TestContext(requirement, client, input.capabilities, input.deadlines, input.schemas, counter, warnings, input.limitedToken);
    const record: CheckRecord = { assertions: 0, durationMs: 0, warnings };
    if (this.test) pending.set(this.test, { requirement, record });
    const started = performance.now();
    try {
      await check.run(context);
    } finally {
      record.durationMs = performance.now() - started;
      record.assertions = counter.count;
      // Discovery checks read the document the runner fetched, so their evidence is GetCapabilities.
      const evidence = lastCall ?? (requirement.rpcs.includes('GetCapabilities') ? { rpc: 'GetCapabilities' as const, request: {} } : undefined);
      if (evidence) record.repro = grpcurlCommand(input.reproTarget, evidence.rpc, evidence.request);
      await context.cleanup();
    }
  };
}

/** Our mocha reporter: turns mocha's verdict on each test into a requirement result. */
function collectingReporter(collector: ResultCollector, pending: Map<Mocha.Runnable, PendingCheck>) {
  const { EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;
  return class CollectingReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
        const entry = pending.get(test);
        if (entry) collector.checked(entry.requirement, undefined, entry.record);
      });
      runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, error: unknown) => {
        const entry = pending.get(test);
        if (entry && !collector.has(entry.requirement.id)) collector.checked(entry.requirement, error ?? new Error('mocha reported a failure without an error'), entry.record);
      });
    }
  };
}
