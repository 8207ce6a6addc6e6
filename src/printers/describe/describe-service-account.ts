/** kubectl describe serviceaccount: pull and mountable secrets (flagging missing ones) and its token secrets. */
import type { Secret, ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import type { DescribeContext } from './describe-context.js';
import { describeEvents } from './describe-events.js';
import { LEVEL_0, tabbedString } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './print-multiline.js';
import type { Related } from './related.js';

export const SERVICE_ACCOUNT_NAME_KEY = 'kubernetes.io/service-account.name';
export const SERVICE_ACCOUNT_UID_KEY = 'kubernetes.io/service-account.uid';

export function describeServiceAccount(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const sa = obj as KubeObject & ServiceAccount;
  const tokens: string[] = [];
  const missing = new Set<string>();
  // Without the namespace's secrets (a failed list) nothing is known to be missing, as upstream.
  if (related.secrets && !related.errors?.secrets) {
    const existing = new Set<string>();
    for (const s of related.secrets as Array<KubeObject & Secret>) {
      if (s.type === 'kubernetes.io/service-account-token') {
        const ann = s.metadata.annotations ?? {};
        if (ann[SERVICE_ACCOUNT_NAME_KEY] === sa.metadata.name && ann[SERVICE_ACCOUNT_UID_KEY] === sa.metadata.uid) tokens.push(s.metadata.name ?? '');
      }
      existing.add(s.metadata.name ?? '');
    }
    for (const s of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])]) if (!existing.has(s.name ?? '')) missing.add(s.name ?? '');
  }
  const emptyHeader = '                   ';
  // Headers in sorted order, as upstream lists the keys of its map.
  const sections: Array<[string, string[]]> = [
    ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s) => s.name ?? '')],
    ['Mountable secrets: ', (sa.secrets ?? []).map((s) => s.name ?? '')],
    ['Tokens:            ', tokens],
  ];
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${sa.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', sa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
    for (const [header, names] of sections) {
      if (names.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      names.forEach((name, i) => w.write(LEVEL_0, `${i === 0 ? header : emptyHeader}\t${name}${missing.has(name) ? ' (not found)' : ''}\n`));
    }
    if (related.events) describeEvents(related.events, w, ctx);
  });
}
