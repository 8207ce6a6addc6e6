/** Defaulting for networking.k8s.io/v1, after pkg/apis/networking/v1/defaults.go. */
import { defaultUnset, listAt, objAt, structAt, type Obj } from './fields.js';

function setNetworkPolicyDefaults(np: Obj): void {
  const spec = structAt(np, 'spec');
  structAt(spec, 'podSelector');
  for (const rule of [...listAt(spec, 'ingress'), ...listAt(spec, 'egress')]) {
    for (const port of listAt(rule, 'ports')) defaultUnset(port, 'protocol', 'TCP');
  }
  // A policy that names no types is at least an Ingress policy, and an Egress one too when it has egress rules.
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

function setIngressClassDefaults(ic: Obj): void {
  const parameters = objAt(structAt(ic, 'spec'), 'parameters');
  if (parameters) defaultUnset(parameters, 'scope', 'Cluster');
}

/** Defaults a networking.k8s.io/v1 object of the given kind in place; an Ingress's pathType is required, never defaulted. */
export function setNetworkingDefaults(obj: Obj, kind: string): void {
  if (kind === 'NetworkPolicy') setNetworkPolicyDefaults(obj);
  else if (kind === 'IngressClass') setIngressClassDefaults(obj);
  else if (kind === 'Ingress') structAt(structAt(obj, 'status'), 'loadBalancer');
}
