/**
 * HorizontalPodAutoscaler conversion between autoscaling/v2 (stored) and autoscaling/v1 (served), as upstream's
 * pkg/apis/autoscaling/v1/conversion.go: v1 keeps what it cannot express in `autoscaling.alpha.kubernetes.io/*`
 * annotations so that a round trip through v1 loses nothing.
 */
import type { KubeObject } from '../object.js';

export type HpaVersion = 'v1' | 'v2';

export const MetricSpecsAnnotation = 'autoscaling.alpha.kubernetes.io/metrics';
export const MetricStatusesAnnotation = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const ConditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions';
export const BehaviorSpecsAnnotation = 'autoscaling.alpha.kubernetes.io/behavior';
const roundTripAnnotations = [MetricSpecsAnnotation, MetricStatusesAnnotation, ConditionsAnnotation, BehaviorSpecsAnnotation];
export const DefaultCPUUtilization = 80;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const present = (v: unknown) => v !== undefined && v !== null;

/** An object with only the present entries, in the given (Go struct field) order, as encoding/json writes omitempty fields. */
function ordered(entries: [string, unknown][]): Obj {
  const out: Obj = {};
  for (const [k, v] of entries) if (present(v)) out[k] = v;
  return out;
}

/** metav1.LabelSelector as Go encodes it: matchLabels with sorted keys, then matchExpressions. */
function selector(v: unknown): Obj | undefined {
  if (!isObj(v)) return undefined;
  const labels = isObj(v.matchLabels) ? Object.fromEntries(Object.entries(v.matchLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : undefined;
  const exprs = Array.isArray(v.matchExpressions) ? list(v.matchExpressions).map((e) => ordered([['key', e.key], ['operator', e.operator], ['values', e.values]])) : undefined;
  return ordered([
    ['matchLabels', labels && Object.keys(labels).length > 0 ? labels : undefined],
    ['matchExpressions', exprs && exprs.length > 0 ? exprs : undefined],
  ]);
}

const objectRef = (v: unknown) => {
  const r = obj(v);
  return ordered([['kind', r.kind ?? ''], ['name', r.name ?? ''], ['apiVersion', r.apiVersion]]);
};

/** A v1 non-pointer Quantity: Go writes "0" when it has no value. */
const quantity = (v: unknown) => (present(v) ? v : '0');

// --- metrics: autoscaling/v2 shape -> autoscaling/v1 annotation shape -------------------------------------

function metricSpecToV1(m: Obj): Obj {
  const o = isObj(m.object) ? m.object : undefined;
  const p = isObj(m.pods) ? m.pods : undefined;
  const r = isObj(m.resource) ? m.resource : undefined;
  const c = isObj(m.containerResource) ? m.containerResource : undefined;
  const e = isObj(m.external) ? m.external : undefined;
  return ordered([
    ['type', m.type],
    ['object', o && ordered([['target', objectRef(o.describedObject)], ['metricName', obj(o.metric).name ?? ''], ['targetValue', quantity(obj(o.target).value)], ['selector', selector(obj(o.metric).selector)], ['averageValue', obj(o.target).averageValue]])],
    ['pods', p && ordered([['metricName', obj(p.metric).name ?? ''], ['targetAverageValue', quantity(obj(p.target).averageValue)], ['selector', selector(obj(p.metric).selector)]])],
    ['resource', r && ordered([['name', r.name ?? ''], ['targetAverageUtilization', obj(r.target).averageUtilization], ['targetAverageValue', obj(r.target).averageValue]])],
    ['containerResource', c && ordered([['name', c.name ?? ''], ['targetAverageUtilization', obj(c.target).averageUtilization], ['targetAverageValue', obj(c.target).averageValue], ['container', c.container ?? '']])],
    ['external', e && ordered([['metricName', obj(e.metric).name ?? ''], ['metricSelector', selector(obj(e.metric).selector)], ['targetValue', obj(e.target).value], ['targetAverageValue', obj(e.target).averageValue]])],
  ]);
}

function metricStatusToV1(m: Obj): Obj {
  const o = isObj(m.object) ? m.object : undefined;
  const p = isObj(m.pods) ? m.pods : undefined;
  const r = isObj(m.resource) ? m.resource : undefined;
  const c = isObj(m.containerResource) ? m.containerResource : undefined;
  const e = isObj(m.external) ? m.external : undefined;
  return ordered([
    ['type', m.type],
    ['object', o && ordered([['target', objectRef(o.describedObject)], ['metricName', obj(o.metric).name ?? ''], ['currentValue', quantity(obj(o.current).value)], ['selector', selector(obj(o.metric).selector)], ['averageValue', obj(o.current).averageValue]])],
    ['pods', p && ordered([['metricName', obj(p.metric).name ?? ''], ['currentAverageValue', quantity(obj(p.current).averageValue)], ['selector', selector(obj(p.metric).selector)]])],
    ['resource', r && ordered([['name', r.name ?? ''], ['currentAverageUtilization', obj(r.current).averageUtilization], ['currentAverageValue', quantity(obj(r.current).averageValue)]])],
    ['containerResource', c && ordered([['name', c.name ?? ''], ['currentAverageUtilization', obj(c.current).averageUtilization], ['currentAverageValue', quantity(obj(c.current).averageValue)], ['container', c.container ?? '']])],
    ['external', e && ordered([['metricName', obj(e.metric).name ?? ''], ['metricSelector', selector(obj(e.metric).selector)], ['currentValue', quantity(obj(e.current).value)], ['currentAverageValue', obj(e.current).averageValue]])],
  ]);
}

const conditionToV1 = (c: Obj) => ordered([['type', c.type], ['status', c.status], ['lastTransitionTime', c.lastTransitionTime], ['reason', c.reason], ['message', c.message]]);

/** The behavior annotation marshals upstream's internal type, which has no json tags: Go field names, nils as null. */
function behaviorToAnnotation(b: Obj): Obj {
  const rules = (v: unknown) => {
    if (!isObj(v)) return undefined;
    return {
      StabilizationWindowSeconds: v.stabilizationWindowSeconds ?? null,
      SelectPolicy: v.selectPolicy ?? null,
      Policies: Array.isArray(v.policies) ? list(v.policies).map((p) => ({ Type: p.type ?? '', Value: p.value ?? 0, PeriodSeconds: p.periodSeconds ?? 0 })) : null,
    };
  };
  return { ScaleUp: rules(b.scaleUp) ?? null, ScaleDown: rules(b.scaleDown) ?? null };
}

// --- metrics: autoscaling/v1 annotation shape -> autoscaling/v2 shape ----------------------------------------

const metricId = (name: unknown, sel: unknown) => ordered([['name', name ?? ''], ['selector', sel]]);

function metricSpecFromV1(m: Obj): Obj {
  const out: Obj = { type: m.type };
  if (isObj(m.object)) {
    const o = m.object;
    out.object = {
      describedObject: objectRef(o.target),
      metric: metricId(o.metricName, o.selector),
      target: ordered([['type', present(o.averageValue) ? 'AverageValue' : 'Value'], ['value', quantity(o.targetValue)], ['averageValue', o.averageValue]]),
    };
  }
  if (isObj(m.pods)) {
    const p = m.pods;
    out.pods = { metric: metricId(p.metricName, p.selector), target: { type: 'AverageValue', averageValue: quantity(p.targetAverageValue) } };
  }
  for (const key of ['resource', 'containerResource'] as const) {
    if (!isObj(m[key])) continue;
    const r = m[key] as Obj;
    out[key] = ordered([
      ['name', r.name ?? ''],
      ['target', ordered([['type', present(r.targetAverageUtilization) ? 'Utilization' : 'AverageValue'], ['averageUtilization', r.targetAverageUtilization], ['averageValue', r.targetAverageValue]])],
      ['container', key === 'containerResource' ? (r.container ?? '') : undefined],
    ]);
  }
  if (isObj(m.external)) {
    const e = m.external;
    out.external = {
      metric: metricId(e.metricName, e.metricSelector),
      target: ordered([['type', present(e.targetValue) ? 'Value' : 'AverageValue'], ['value', e.targetValue], ['averageValue', e.targetAverageValue]]),
    };
  }
  return out;
}

function metricStatusFromV1(m: Obj): Obj {
  const out: Obj = { type: m.type };
  if (isObj(m.object)) {
    const o = m.object;
    out.object = { describedObject: objectRef(o.target), metric: metricId(o.metricName, o.selector), current: ordered([['value', quantity(o.currentValue)], ['averageValue', o.averageValue]]) };
  }
  if (isObj(m.pods)) {
    const p = m.pods;
    out.pods = { metric: metricId(p.metricName, p.selector), current: { averageValue: quantity(p.currentAverageValue) } };
  }
  for (const key of ['resource', 'containerResource'] as const) {
    if (!isObj(m[key])) continue;
    const r = m[key] as Obj;
    out[key] = ordered([
      ['name', r.name ?? ''],
      ['current', ordered([['averageUtilization', r.currentAverageUtilization], ['averageValue', quantity(r.currentAverageValue)]])],
      ['container', key === 'containerResource' ? (r.container ?? '') : undefined],
    ]);
  }
  if (isObj(m.external)) {
    const e = m.external;
    out.external = { metric: metricId(e.metricName, e.metricSelector), current: ordered([['value', quantity(e.currentValue)], ['averageValue', e.currentAverageValue]]) };
  }
  return out;
}

function behaviorFromAnnotation(raw: unknown): Obj | undefined {
  if (!isObj(raw)) return undefined;
  // encoding/json matches field names case-insensitively.
  const field = (o: Obj, name: string) => Object.entries(o).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const rules = (v: unknown) => {
    if (!isObj(v)) return undefined;
    const policies = field(v, 'policies');
    return ordered([
      ['stabilizationWindowSeconds', field(v, 'stabilizationWindowSeconds')],
      ['selectPolicy', field(v, 'selectPolicy')],
      ['policies', Array.isArray(policies) ? list(policies).map((p) => ({ type: field(p, 'type'), value: field(p, 'value'), periodSeconds: field(p, 'periodSeconds') })) : undefined],
    ]);
  };
  const out = ordered([['scaleUp', rules(field(raw, 'scaleUp'))], ['scaleDown', rules(field(raw, 'scaleDown'))]]);
  return Object.keys(out).length > 0 ? out : undefined;
}

function parseJSON(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Upstream ignores an annotation it cannot decode.
    return undefined;
  }
}

const isCpuUtilization = (m: Obj) => m.type === 'Resource' && isObj(m.resource) && m.resource.name === 'cpu' && present(obj(m.resource.target).averageUtilization);

/** Metadata without the round-trip annotations (an emptied annotation map is dropped, as Go omits it). */
function withoutRoundTripAnnotations(metadata: KubeObject['metadata']): KubeObject['metadata'] {
  const meta = structuredClone(metadata ?? {});
  if (!meta.annotations) return meta;
  for (const k of roundTripAnnotations) delete meta.annotations[k];
  if (Object.keys(meta.annotations).length === 0) delete meta.annotations;
  return meta;
}

/** autoscaling/v2 (the storage form) -> autoscaling/v1. */
function v2ToV1(hpa: KubeObject): KubeObject {
  const spec = obj(hpa.spec);
  const status = obj(hpa.status);
  const metrics = list(spec.metrics);
  const metadata = withoutRoundTripAnnotations(hpa.metadata);
  const annotations: Record<string, string> = { ...(metadata.annotations ?? {}) };

  const other = metrics.filter((m) => !isCpuUtilization(m)).map(metricSpecToV1);
  if (other.length > 0) annotations[MetricSpecsAnnotation] = JSON.stringify(other);
  const currentMetrics = list(status.currentMetrics);
  if (currentMetrics.length > 0) annotations[MetricStatusesAnnotation] = JSON.stringify(currentMetrics.map(metricStatusToV1));
  if (isObj(spec.behavior)) annotations[BehaviorSpecsAnnotation] = JSON.stringify(behaviorToAnnotation(spec.behavior));
  const conditions = list(status.conditions);
  if (conditions.length > 0) annotations[ConditionsAnnotation] = JSON.stringify(conditions.map(conditionToV1));
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;

  // Only the first cpu resource metric counts, and only when it targets utilization.
  const cpu = metrics.find((m) => m.type === 'Resource' && isObj(m.resource) && m.resource.name === 'cpu');
  const targetCPU = cpu ? obj(obj(cpu.resource).target).averageUtilization : undefined;
  let currentCPU: unknown;
  for (const m of currentMetrics) {
    if (m.type === 'Resource' && isObj(m.resource) && m.resource.name === 'cpu' && present(obj(m.resource.current).averageUtilization)) currentCPU = obj(m.resource.current).averageUtilization;
  }

  const out: KubeObject = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: ordered([
      ['scaleTargetRef', spec.scaleTargetRef !== undefined ? structuredClone(spec.scaleTargetRef) : undefined],
      ['minReplicas', spec.minReplicas],
      ['maxReplicas', spec.maxReplicas],
      ['targetCPUUtilizationPercentage', targetCPU],
    ]),
    status: ordered([
      ['observedGeneration', status.observedGeneration],
      ['lastScaleTime', status.lastScaleTime],
      ['currentReplicas', status.currentReplicas ?? 0],
      ['desiredReplicas', status.desiredReplicas ?? 0],
      ['currentCPUUtilizationPercentage', currentCPU],
    ]),
  };
  return out;
}

/** autoscaling/v1 -> autoscaling/v2 (the storage form), recovering what the annotations kept. */
function v1ToV2(hpa: KubeObject): KubeObject {
  const spec = obj(hpa.spec);
  const status = obj(hpa.status);
  const annotations = hpa.metadata?.annotations ?? {};

  let metrics: Obj[] = present(spec.targetCPUUtilizationPercentage)
    ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } }]
    : [];
  const other = parseJSON(annotations[MetricSpecsAnnotation]);
  if (Array.isArray(other)) metrics = [...list(other).map(metricSpecFromV1), ...metrics];
  const behavior = behaviorFromAnnotation(parseJSON(annotations[BehaviorSpecsAnnotation]));

  let currentMetrics: Obj[] = present(status.currentCPUUtilizationPercentage)
    ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } }]
    : [];
  const current = parseJSON(annotations[MetricStatusesAnnotation]);
  if (Array.isArray(current)) currentMetrics = list(current).map(metricStatusFromV1);

  // v1 formerly had an implicit default in the controller; with the full set of metrics known, it is applied here.
  if (metrics.length === 0) metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DefaultCPUUtilization } } }];
  const conditions = parseJSON(annotations[ConditionsAnnotation]);

  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: withoutRoundTripAnnotations(hpa.metadata),
    spec: ordered([
      ['scaleTargetRef', spec.scaleTargetRef !== undefined ? structuredClone(spec.scaleTargetRef) : undefined],
      ['minReplicas', spec.minReplicas],
      ['maxReplicas', spec.maxReplicas],
      ['metrics', metrics],
      ['behavior', behavior],
    ]),
    status: ordered([
      ['observedGeneration', status.observedGeneration],
      ['lastScaleTime', status.lastScaleTime],
      ['currentReplicas', status.currentReplicas === 0 ? undefined : status.currentReplicas],
      ['desiredReplicas', status.desiredReplicas ?? 0],
      ['currentMetrics', currentMetrics.length > 0 ? currentMetrics : null],
      ['conditions', Array.isArray(conditions) && conditions.length > 0 ? list(conditions).map((c) => ordered([['type', c.type], ['status', c.status], ['lastTransitionTime', c.lastTransitionTime], ['reason', c.reason], ['message', c.message]])) : undefined],
    ]),
  };
}

/** The storage (autoscaling/v2) form of an HPA received in any served version; the input is not modified. */
export function toStored(hpa: KubeObject): KubeObject {
  if (hpa.apiVersion === 'autoscaling/v1') return v1ToV2(hpa);
  const out = structuredClone(hpa);
  out.metadata = withoutRoundTripAnnotations(hpa.metadata);
  return out;
}

/** A stored (autoscaling/v2) HPA as the given served version; the input is not modified. */
export function toVersion(hpa: KubeObject, version: HpaVersion | string): KubeObject {
  const stored = toStored(hpa);
  return version === 'v1' ? v2ToV1(stored) : stored;
}
