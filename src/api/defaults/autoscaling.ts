/** Defaulting for HorizontalPodAutoscalers, after pkg/apis/autoscaling/v1 and v2 defaults.go. */
import { canonicalQuantity, defaultUnset, isObj, isUnset, listAt, materialize, objAt, structAt, type Obj } from './fields.js';

/** autoscaling.DefaultCPUUtilization: the implicit target of an HPA without metrics. */
export const DefaultCPUUtilization = 80;

const scaleUpDefaults = () => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});
// No stabilizationWindowSeconds: the controller's --horizontal-pod-autoscaler-downscale-stabilization decides it.
const scaleDownDefaults = () => ({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });

/** GenerateHPAScale{Up,Down}Rules: the defaults overlaid with every field the user set. */
function scalingRules(given: unknown, defaults: Obj): Obj {
  if (!isObj(given)) return defaults;
  for (const key of ['selectPolicy', 'stabilizationWindowSeconds', 'policies']) if (!isUnset(given[key])) defaults[key] = given[key];
  return defaults;
}

/** Quantities in metric targets and current values print in upstream's canonical form. */
function canonicalMetricValues(metrics: Obj[], valueKey: 'target' | 'current'): void {
  for (const m of metrics) {
    for (const source of ['object', 'pods', 'resource', 'containerResource', 'external']) {
      const s = objAt(m, source);
      const v = s && objAt(s, valueKey);
      canonicalQuantity(v, 'value');
      canonicalQuantity(v, 'averageValue');
    }
  }
}

function setV2Defaults(hpa: Obj): void {
  const spec = structAt(hpa, 'spec');
  defaultUnset(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DefaultCPUUtilization } } }];
  }
  const behavior = objAt(spec, 'behavior');
  if (behavior) {
    behavior.scaleUp = scalingRules(behavior.scaleUp, scaleUpDefaults());
    behavior.scaleDown = scalingRules(behavior.scaleDown, scaleDownDefaults());
  }
  canonicalMetricValues(listAt(spec, 'metrics'), 'target');
  const status = structAt(hpa, 'status');
  canonicalMetricValues(listAt(status, 'currentMetrics'), 'current');
  // v2's status writes currentMetrics and desiredReplicas even when empty.
  materialize(status, 'currentMetrics', null);
  materialize(status, 'desiredReplicas', 0);
}

function setV1Defaults(hpa: Obj): void {
  defaultUnset(structAt(hpa, 'spec'), 'minReplicas', 1);
  const status = structAt(hpa, 'status');
  materialize(status, 'currentReplicas', 0);
  materialize(status, 'desiredReplicas', 0);
}

/** Defaults an autoscaling object (v2, the stored version, or v1) of the given kind in place. */
export function setAutoscalingDefaults(obj: Obj, kind: string, version: string): void {
  if (kind !== 'HorizontalPodAutoscaler') return;
  if (version === 'v1') setV1Defaults(obj);
  else setV2Defaults(obj);
}
