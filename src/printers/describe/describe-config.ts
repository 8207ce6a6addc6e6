/** kubectl describe configmap and secret. Both range over Go maps upstream (random order); kubesim sorts the keys. */
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import type { DescribeContext } from './describe-context.js';
import { describeEvents } from './describe-events.js';
import { sortedKeys } from './go-text.js';
import { LEVEL_0, tabbedString } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './print-multiline.js';
import type { Related } from './related.js';

const decoded = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64');

export function describeConfigMap(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const cm = obj as KubeObject & ConfigMap;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cm.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of sortedKeys(cm.data)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data![k]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const k of sortedKeys(cm.binaryData)) w.write(LEVEL_0, `${k}: ${decoded(cm.binaryData![k]).length} bytes\n`);
    w.write(LEVEL_0, '\n');
    if (related.events) describeEvents(related.events, w, ctx);
  });
}

/** A service account token's `token` is shown in clear; every other value only by its size. */
export function describeSecret(obj: KubeObject): string {
  const secret = obj as KubeObject & Secret;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', secret.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', secret.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of sortedKeys(secret.data)) {
      const value = decoded(secret.data![k]);
      if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${value.toString('utf8')}\n`);
      else w.write(LEVEL_0, `${k}:\t${value.length} bytes\n`);
    }
  });
}
