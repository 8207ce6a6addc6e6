import { loadAll } from 'js-yaml';
import { applyDefaults } from '../../defaults/index.js';
import { coreValidators } from '../index-core.js';
import type { KubeObject } from '../../object.js';

const docs = `
apiVersion: v1
kind: Pod
metadata:
  name: Bad_Pod
  namespace: default
  labels:
    app: "-bad-"
spec:
  containers:
  - name: Web_1
    ports:
    - containerPort: 0
      protocol: tcp
      name: this-name-is-way-too-long
    resources:
      limits:
        cpu: 100m
      requests:
        cpu: 500m
    volumeMounts:
    - name: x
      mountPath: /data
    livenessProbe: {}
  - name: Web_1
    image: nginx
  restartPolicy: Sometimes
  tolerations:
  - key: a
    operator: Exists
    value: b
  - key: c
    effect: NoSchedule
    tolerationSeconds: 3
  affinity:
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector:
          matchLabels: {a: b}
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms: []
---
apiVersion: v1
kind: Service
metadata:
  name: 1svc
  namespace: default
spec:
  type: ClusterIP
  ports:
  - port: 80
    nodePort: 30001
  - port: 80
---
apiVersion: v1
kind: LimitRange
metadata: {name: lr, namespace: default}
spec:
  limits:
  - type: Container
    min: {cpu: "2"}
    max: {cpu: "1"}
`;

test('scratch', () => {
  for (const d of loadAll(docs) as KubeObject[]) {
    applyDefaults(d);
    const errs = coreValidators[d.kind]!.validate(d);
    console.log(d.kind + '\n' + errs.map(String).join('\n'));
  }
});
