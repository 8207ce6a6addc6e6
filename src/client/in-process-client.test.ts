import { newTestRegistry } from '../registry/test-registry.js';
import { describeClientConformance } from './client.conformance.js';
import { InProcessClient } from './in-process-client.js';

describeClientConformance('in-process', async () => {
  const t = await newTestRegistry();
  return { client: new InProcessClient(t.registry), close: () => t.close() };
});
