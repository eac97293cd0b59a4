import type { Requirement } from './requirement.js';

/** Workflows: GetWorkflow over the preloaded conformance fixtures (fixtures.md, rest-endpoints §getWorkflow). */
export const WORKFLOW_REQUIREMENTS: Requirement[] = [
  {
    id: 'workflow.advertised-fixtures-served',
    title: 'GetWorkflow returns every fixture the engine lists in fixtures[]',
    level: 'MUST',
    area: 'workflow',
    rpcs: ['GetWorkflow'],
    specRef: 'conformance/fixtures.md §seeding (persist each under its id)',
    gate: [{ path: 'fixtures', test: 'nonEmptyArray' }],
  },
  {
    id: 'workflow.definition-schema-valid',
    title: 'Each workflow definition returned is valid against the workflow-definition schema',
    level: 'MUST',
    area: 'workflow',
    rpcs: ['GetWorkflow'],
    specRef: 'workflow-definition.schema.json; rest-endpoints.md §getWorkflow (200 WorkflowDefinition)',
    gate: [{ path: 'fixtures', test: 'nonEmptyArray' }],
  },
  {
    id: 'workflow.id-echoed',
    title: 'The returned definition carries the requested workflow id',
    level: 'MUST',
    area: 'workflow',
    rpcs: ['GetWorkflow'],
    specRef: 'rest-endpoints.md §getWorkflow; conformance/fixtures.md (persist under its id)',
    gate: [{ path: 'fixtures', test: 'nonEmptyArray' }],
  },
  {
    id: 'workflow.unknown-id-not-found',
    title: 'GetWorkflow for an unknown id fails NOT_FOUND with a not_found/workflow_not_found envelope',
    level: 'MUST',
    area: 'workflow',
    rpcs: ['GetWorkflow'],
    specRef: 'rest-endpoints.md §getWorkflow (404); grpc-transport.md §Error mapping',
  },
];
