/** kubectl describe namespace, resourcequota and limitrange: the namespace shows its quotas and limit ranges merged. */
import type { LimitRange, LimitRangeSpec, Namespace, ResourceQuota } from 'kubernetes-types/core/v1.js';
import { compareGoStrings } from '../../api/patch/json-value.js';
import type { KubeObject } from '../../api/object.js';
import { newQuantity } from '../../util/quantity.js';
import type { DescribeContext } from './describe-context.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './print-multiline.js';
import { quantityFrom, quantityText, sortedResourceNames } from './quantity-text.js';
import type { Related } from './related.js';
import { rfc1123z } from './time-text.js';

/** helpTextForResourceQuotaScope. */
export function quotaScopeHelp(scope: string): string {
  switch (scope) {
    case 'Terminating':
      return 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.';
    case 'NotTerminating':
      return 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.';
    case 'BestEffort':
      return 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.';
    case 'NotBestEffort':
      return 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.';
    default:
      return '';
  }
}

/** DescribeResourceQuotas: every quota in the namespace, by name, in one aligned block. */
export function describeResourceQuotas(quotas: readonly KubeObject[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  const sorted = ([...quotas] as Array<KubeObject & ResourceQuota>).sort((a, b) => compareGoStrings(a.metadata.name ?? '', b.metadata.name ?? ''));
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of sorted) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name ?? ''}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].sort(compareGoStrings);
    if (scopes.length) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const scope of scopes) {
        const help = quotaScopeHelp(scope);
        if (help) w.write(LEVEL_1, `* ${help}\n`);
      }
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    for (const name of sortedResourceNames(q.status?.hard)) {
      w.write(LEVEL_1, `${name}\t${quantityText(q.status?.used?.[name])}\t${quantityText(q.status!.hard![name])}\n`);
    }
  }
}

/** describeLimitRangeSpec; upstream ranges over a Go map of resource names (random order), kubesim sorts them. */
function describeLimitRangeSpec(spec: LimitRangeSpec | undefined, prefix: string, w: PrefixWriter): void {
  for (const item of spec?.limits ?? []) {
    const lists = [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio];
    const names = [...new Set(lists.flatMap((l) => Object.keys(l ?? {})))].sort(compareGoStrings);
    const v = (list: Record<string, string> | undefined, k: string) => (list && k in list ? quantityText(list[k]) : '-');
    for (const k of names) {
      w.write(
        LEVEL_0,
        `${prefix}${item.type}\t${k}\t${v(item.min, k)}\t${v(item.max, k)}\t${v(item.defaultRequest, k)}\t${v(item.default, k)}\t${v(item.maxLimitRequestRatio, k)}\n`,
      );
    }
  }
}

/** DescribeLimitRanges: all the namespace's limit ranges merged into one table. */
export function describeLimitRanges(limitRanges: readonly KubeObject[], w: PrefixWriter): void {
  if (limitRanges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of limitRanges) describeLimitRangeSpec((lr as LimitRange).spec, ' ', w);
}

export function describeNamespace(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const ns = obj as KubeObject & Namespace;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    if (ns.status?.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of ns.status.conditions) {
        w.write(LEVEL_1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime, ctx)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
      }
    }
    if (related.resourceQuotas) {
      w.write(LEVEL_0, '\n');
      describeResourceQuotas(related.resourceQuotas, w);
    }
    if (related.limitRanges) {
      w.write(LEVEL_0, '\n');
      describeLimitRanges(related.limitRanges, w);
    }
  });
}

/** kubectl describe resourcequota: used amounts are shown in the hard amount's format when they differ. */
export function describeResourceQuota(obj: KubeObject): string {
  const q = obj as KubeObject & ResourceQuota;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${q.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${q.metadata.namespace ?? ''}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].sort(compareGoStrings);
    if (scopes.length) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
      for (const scope of scopes) {
        const help = quotaScopeHelp(scope);
        if (help) w.write(LEVEL_0, ` * ${help}\n`);
      }
    }
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    for (const name of sortedResourceNames(q.status?.hard)) {
      const hard = quantityFrom(q.status!.hard![name]);
      let used = quantityFrom(q.status?.used?.[name]);
      if (hard.format !== used.format) used = newQuantity(used.value(), hard.format);
      w.write(LEVEL_0, `${name}\t${used}\t${hard}\n`);
    }
  });
}

/** kubectl describe limitrange. */
export function describeLimitRange(obj: KubeObject): string {
  const lr = obj as KubeObject & LimitRange;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
    w.write(LEVEL_0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
    describeLimitRangeSpec(lr.spec, '', w);
  });
}
