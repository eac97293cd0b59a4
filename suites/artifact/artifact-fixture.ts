/**
 * Our own fixture conformance-artifact (fixtures/workflows/conformance-artifact.json, documented
 * for engine authors in fixtures/README.md): one node stores this text, UTF-8 encoded, as an
 * artifact and announces it with artifact.created. A unit test keeps the text and the fixture file
 * in step.
 */
export const ArtifactFixture = {
  id: 'conformance-artifact',
  content: 'openwop conformance artifact\nline 2: café ✓\n',
} as const;

export const artifactBytes = (): Buffer => Buffer.from(ArtifactFixture.content, 'utf8');
