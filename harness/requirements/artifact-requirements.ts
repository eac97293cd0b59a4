import type { Requirement } from './requirement.js';

const ARTIFACT = 'conformance-artifact';
const GET_SPEC = 'rest-endpoints.md §getArtifact; runs-events-digest §8';

/**
 * Artifacts (runs-events-digest §8): GetArtifact has no capability gate. Its positive path needs
 * our own fixture conformance-artifact (fixtures/README.md), so an engine that does not list it
 * leaves those requirements inapplicable; the negative paths need only conformance-noop.
 */
export const ARTIFACT_REQUIREMENTS: Requirement[] = [
  {
    id: 'artifact.created-event',
    title: 'A conformance-artifact run logs artifact.created with a non-empty artifactId and artifactType',
    level: 'MUST',
    area: 'artifact',
    rpcs: ['CreateRun', 'StreamRunEvents'],
    specRef: 'run-event-payloads.schema.json §artifactCreated; fixtures/README.md §conformance-artifact',
    fixtures: [ARTIFACT],
  },
  {
    id: 'artifact.content-served',
    title: "GetArtifact returns the announced artifact id, a content type and the fixture's content byte for byte",
    level: 'MUST',
    area: 'artifact',
    rpcs: ['GetArtifact'],
    specRef: `${GET_SPEC} (200: an implementation-defined object); fixtures/README.md §conformance-artifact (the content and content type this suite's own fixture defines)`,
    fixtures: [ARTIFACT],
    leniency:
      'rest-endpoints.md leaves the artifact body implementation-defined; the content type and the bytes held here are those of conformance-artifact, a fixture this suite defines (fixtures/README.md), so only an engine that lists that fixture is held to them.',
  },
  {
    id: 'artifact.unknown-not-found',
    title: 'GetArtifact for an artifact the run does not have fails NOT_FOUND with a not_found envelope',
    level: 'MUST',
    area: 'artifact',
    rpcs: ['GetArtifact'],
    specRef: `${GET_SPEC} (404)`,
    fixtures: ['conformance-noop'],
  },
  {
    id: 'artifact.auth-before-existence',
    title: 'GetArtifact without a bearer token fails UNAUTHENTICATED before any existence check (unknown artifact or run alike)',
    level: 'MUST',
    area: 'artifact',
    rpcs: ['GetArtifact'],
    specRef: `${GET_SPEC} (401, never 200); protocol-digest §2 check order (authentication before existence)`,
    fixtures: ['conformance-noop'],
    leniency:
      'Applies to engines that require a bearer token: the check first confirms GetRun is refused without one, and is blocked (saying so) when it is not.',
  },
];
