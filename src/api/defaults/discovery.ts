/** Defaulting for discovery.k8s.io/v1, after pkg/apis/discovery/v1/defaults.go. */
import { defaultUnset, listAt, materialize, structAt, type Obj } from './fields.js';

export function setDiscoveryDefaults(obj: Obj, kind: string): void {
  if (kind !== 'EndpointSlice') return;
  // endpoints and ports have no omitempty: an EndpointSlice without them writes null.
  materialize(obj, 'endpoints', null);
  materialize(obj, 'ports', null);
  for (const endpoint of listAt(obj, 'endpoints')) structAt(endpoint, 'conditions');
  for (const port of listAt(obj, 'ports')) {
    defaultUnset(port, 'name', '');
    defaultUnset(port, 'protocol', 'TCP');
  }
}
