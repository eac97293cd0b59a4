// Manual harness: starts the reference engine behind a proxy whose StreamRunEvents never ends; prints its URL.
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { startHostileProxy } from './hostile-grpc-proxy.js';
const engine = await startReferenceEngine();
const proxy = await startHostileProxy(engine.url, { streamNeverEnds: true });
console.log(proxy.url);
process.on('SIGTERM', () => void proxy.stop().then(() => engine.stop()).then(() => process.exit(0)));
