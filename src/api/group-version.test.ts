import { NoKindMatchError } from './errors.js';
import { gvrForObject } from './group-version.js';

describe('gvrForObject', () => {
  it.each([
    ['v1', 'Pod', { group: '', version: 'v1', resource: 'pods' }],
    ['apps/v1', 'DaemonSet', { group: 'apps', version: 'v1', resource: 'daemonsets' }],
    ['autoscaling/v1', 'HorizontalPodAutoscaler', { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers' }],
    ['autoscaling/v2', 'HorizontalPodAutoscaler', { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' }],
  ])('%s %s is written to its resource', (apiVersion, kind, gvr) => {
    expect(gvrForObject({ apiVersion, kind })).toEqual(gvr);
  });

  it.each([
    ['extensions/v1beta1', 'Deployment', 'no matches for kind "Deployment" in version "extensions/v1beta1"'],
    ['apps/v1beta2', 'DaemonSet', 'no matches for kind "DaemonSet" in version "apps/v1beta2"'],
    ['v1', 'Deployment', 'no matches for kind "Deployment" in version "v1"'],
  ])('%s %s is not served: %s', (apiVersion, kind, message) => {
    expect(() => gvrForObject({ apiVersion, kind })).toThrow(NoKindMatchError);
    expect(() => gvrForObject({ apiVersion, kind })).toThrow(message);
  });
});
