/**
 * Go's %#v of an internal core.PodTemplateSpec, which upstream dumps whole when a Job's template is changed
 * (`spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable`). Values and slices print in
 * full, pointers as addresses (which nobody can predict; these are plausible, stable ones).
 */
import { GoRaw, goQuote } from '../field-error.js';
import { goQuantity, goStruct, type GoField } from './go-format.js';
import { goStringMap, goStrings, rec, recs, str, num, type Json } from './other-common.js';

/** Prints one pod template; pointer addresses count up within it, as a heap would. */
class Printer {
  private next = 0xc000a1e000;

  ptr(type: string, present: boolean): string {
    if (!present) return `(*${type})(nil)`;
    this.next += 0x18;
    return `(*${type})(0x${this.next.toString(16)})`;
  }

  /** A pointer field: set when the JSON has a non-null value. */
  p(type: string, o: Json, key: string): string {
    return this.ptr(type, o[key] !== undefined && o[key] !== null);
  }

  slice(type: string, v: unknown, each: (e: Json) => string): string {
    if (!Array.isArray(v)) return `[]${type}(nil)`;
    return `[]${type}{${recs(v).map(each).join(', ')}}`;
  }

  resourceList(v: unknown): string {
    const r = rec(v);
    if (!r) return 'core.ResourceList(nil)';
    const keys = Object.keys(r).sort();
    return `core.ResourceList{${keys.map((k) => `${goQuote(k)}:${goQuantity(r[k]).text}`).join(', ')}}`;
  }

  resources(v: unknown): string {
    const r = rec(v) ?? {};
    return goStruct('core.ResourceRequirements', [
      ['Limits', this.resourceList(r['limits'])],
      ['Requests', this.resourceList(r['requests'])],
      ['Claims', this.slice('core.ResourceClaim', r['claims'], (c) => goStruct('core.ResourceClaim', [['Name', s(c, 'name')], ['Request', s(c, 'request')]]))],
    ]);
  }

  container(c: Json): string {
    const fields: GoField[] = [
      ['Name', s(c, 'name')],
      ['Image', s(c, 'image')],
      ['Command', goStrings(c['command'])],
      ['Args', goStrings(c['args'])],
      ['WorkingDir', s(c, 'workingDir')],
      [
        'Ports',
        this.slice('core.ContainerPort', c['ports'], (p) =>
          goStruct('core.ContainerPort', [['Name', s(p, 'name')], ['HostPort', n(p, 'hostPort')], ['ContainerPort', n(p, 'containerPort')], ['Protocol', s(p, 'protocol')], ['HostIP', s(p, 'hostIP')]]),
        ),
      ],
      [
        'EnvFrom',
        this.slice('core.EnvFromSource', c['envFrom'], (e) =>
          goStruct('core.EnvFromSource', [['Prefix', s(e, 'prefix')], ['ConfigMapRef', this.p('core.ConfigMapEnvSource', e, 'configMapRef')], ['SecretRef', this.p('core.SecretEnvSource', e, 'secretRef')]]),
        ),
      ],
      ['Env', this.slice('core.EnvVar', c['env'], (e) => goStruct('core.EnvVar', [['Name', s(e, 'name')], ['Value', s(e, 'value')], ['ValueFrom', this.p('core.EnvVarSource', e, 'valueFrom')]]))],
      ['Resources', this.resources(c['resources'])],
      ['ResizePolicy', this.slice('core.ContainerResizePolicy', c['resizePolicy'], (r) => goStruct('core.ContainerResizePolicy', [['ResourceName', s(r, 'resourceName')], ['RestartPolicy', s(r, 'restartPolicy')]]))],
      ['RestartPolicy', this.p('core.ContainerRestartPolicy', c, 'restartPolicy')],
      [
        'VolumeMounts',
        this.slice('core.VolumeMount', c['volumeMounts'], (m) =>
          goStruct('core.VolumeMount', [
            ['Name', s(m, 'name')],
            ['ReadOnly', String(m['readOnly'] === true)],
            ['RecursiveReadOnly', this.p('core.RecursiveReadOnlyMode', m, 'recursiveReadOnly')],
            ['MountPath', s(m, 'mountPath')],
            ['SubPath', s(m, 'subPath')],
            ['MountPropagation', this.p('core.MountPropagationMode', m, 'mountPropagation')],
            ['SubPathExpr', s(m, 'subPathExpr')],
          ]),
        ),
      ],
      ['VolumeDevices', this.slice('core.VolumeDevice', c['volumeDevices'], (d) => goStruct('core.VolumeDevice', [['Name', s(d, 'name')], ['DevicePath', s(d, 'devicePath')]]))],
      ['LivenessProbe', this.p('core.Probe', c, 'livenessProbe')],
      ['ReadinessProbe', this.p('core.Probe', c, 'readinessProbe')],
      ['StartupProbe', this.p('core.Probe', c, 'startupProbe')],
      ['Lifecycle', this.p('core.Lifecycle', c, 'lifecycle')],
      ['TerminationMessagePath', s(c, 'terminationMessagePath')],
      ['TerminationMessagePolicy', s(c, 'terminationMessagePolicy')],
      ['ImagePullPolicy', s(c, 'imagePullPolicy')],
      ['SecurityContext', this.p('core.SecurityContext', c, 'securityContext')],
      ['Stdin', String(c['stdin'] === true)],
      ['StdinOnce', String(c['stdinOnce'] === true)],
      ['TTY', String(c['tty'] === true)],
    ];
    return goStruct('core.Container', fields);
  }

  volume(v: Json): string {
    const sources: [string, string, string][] = [
      ['HostPath', 'hostPath', 'HostPathVolumeSource'],
      ['EmptyDir', 'emptyDir', 'EmptyDirVolumeSource'],
      ['GCEPersistentDisk', 'gcePersistentDisk', 'GCEPersistentDiskVolumeSource'],
      ['AWSElasticBlockStore', 'awsElasticBlockStore', 'AWSElasticBlockStoreVolumeSource'],
      ['GitRepo', 'gitRepo', 'GitRepoVolumeSource'],
      ['Secret', 'secret', 'SecretVolumeSource'],
      ['NFS', 'nfs', 'NFSVolumeSource'],
      ['ISCSI', 'iscsi', 'ISCSIVolumeSource'],
      ['Glusterfs', 'glusterfs', 'GlusterfsVolumeSource'],
      ['PersistentVolumeClaim', 'persistentVolumeClaim', 'PersistentVolumeClaimVolumeSource'],
      ['RBD', 'rbd', 'RBDVolumeSource'],
      ['Quobyte', 'quobyte', 'QuobyteVolumeSource'],
      ['FlexVolume', 'flexVolume', 'FlexVolumeSource'],
      ['Cinder', 'cinder', 'CinderVolumeSource'],
      ['CephFS', 'cephfs', 'CephFSVolumeSource'],
      ['Flocker', 'flocker', 'FlockerVolumeSource'],
      ['DownwardAPI', 'downwardAPI', 'DownwardAPIVolumeSource'],
      ['FC', 'fc', 'FCVolumeSource'],
      ['AzureFile', 'azureFile', 'AzureFileVolumeSource'],
      ['ConfigMap', 'configMap', 'ConfigMapVolumeSource'],
      ['VsphereVolume', 'vsphereVolume', 'VsphereVirtualDiskVolumeSource'],
      ['AzureDisk', 'azureDisk', 'AzureDiskVolumeSource'],
      ['PhotonPersistentDisk', 'photonPersistentDisk', 'PhotonPersistentDiskVolumeSource'],
      ['Projected', 'projected', 'ProjectedVolumeSource'],
      ['PortworxVolume', 'portworxVolume', 'PortworxVolumeSource'],
      ['ScaleIO', 'scaleIO', 'ScaleIOVolumeSource'],
      ['StorageOS', 'storageos', 'StorageOSVolumeSource'],
      ['CSI', 'csi', 'CSIVolumeSource'],
      ['Ephemeral', 'ephemeral', 'EphemeralVolumeSource'],
      ['Image', 'image', 'ImageVolumeSource'],
    ];
    const source = goStruct('core.VolumeSource', sources.map(([goName, key, type]) => [goName, this.p(`core.${type}`, v, key)]));
    return goStruct('core.Volume', [['Name', s(v, 'name')], ['VolumeSource', source]]);
  }

  objectMeta(m: Json): string {
    const created = str(m['creationTimestamp']);
    return goStruct('v1.ObjectMeta', [
      ['Name', s(m, 'name')],
      ['GenerateName', s(m, 'generateName')],
      ['Namespace', s(m, 'namespace')],
      ['SelfLink', s(m, 'selfLink')],
      ['UID', s(m, 'uid')],
      ['ResourceVersion', s(m, 'resourceVersion')],
      ['Generation', n(m, 'generation')],
      ['CreationTimestamp', goTimeDate(created)],
      ['DeletionTimestamp', '<nil>'],
      ['DeletionGracePeriodSeconds', this.p('int64', m, 'deletionGracePeriodSeconds')],
      ['Labels', goStringMap(m['labels'])],
      ['Annotations', goStringMap(m['annotations'])],
      [
        'OwnerReferences',
        this.slice('v1.OwnerReference', m['ownerReferences'], (r) =>
          goStruct('v1.OwnerReference', [
            ['APIVersion', s(r, 'apiVersion')],
            ['Kind', s(r, 'kind')],
            ['Name', s(r, 'name')],
            ['UID', s(r, 'uid')],
            ['Controller', this.p('bool', r, 'controller')],
            ['BlockOwnerDeletion', this.p('bool', r, 'blockOwnerDeletion')],
          ]),
        ),
      ],
      ['Finalizers', goStrings(m['finalizers'])],
      ['ManagedFields', '[]v1.ManagedFieldsEntry(nil)'],
    ]);
  }

  podSpec(spec: Json): string {
    const fields: GoField[] = [
      ['Volumes', this.slice('core.Volume', spec['volumes'], (v) => this.volume(v))],
      ['InitContainers', this.slice('core.Container', spec['initContainers'], (c) => this.container(c))],
      ['Containers', this.slice('core.Container', spec['containers'], (c) => this.container(c))],
      // A template may not hold ephemeral containers (validation forbids them), so only their count shows.
      ['EphemeralContainers', this.slice('core.EphemeralContainer', spec['ephemeralContainers'], (c) => goStruct('core.EphemeralContainer', [['EphemeralContainerCommon', this.container(c).replace(/^core\.Container/, 'core.EphemeralContainerCommon')], ['TargetContainerName', s(c, 'targetContainerName')]]))],
      ['RestartPolicy', s(spec, 'restartPolicy')],
      ['TerminationGracePeriodSeconds', this.p('int64', spec, 'terminationGracePeriodSeconds')],
      ['ActiveDeadlineSeconds', this.p('int64', spec, 'activeDeadlineSeconds')],
      ['DNSPolicy', s(spec, 'dnsPolicy')],
      ['NodeSelector', goStringMap(spec['nodeSelector'])],
      ['ServiceAccountName', s(spec, 'serviceAccountName')],
      ['AutomountServiceAccountToken', this.p('bool', spec, 'automountServiceAccountToken')],
      ['NodeName', s(spec, 'nodeName')],
      // Conversion always gives the internal spec a security context (it carries hostNetwork and friends).
      ['SecurityContext', this.ptr('core.PodSecurityContext', true)],
      ['ImagePullSecrets', this.slice('core.LocalObjectReference', spec['imagePullSecrets'], (r) => goStruct('core.LocalObjectReference', [['Name', s(r, 'name')]]))],
      ['Hostname', s(spec, 'hostname')],
      ['Subdomain', s(spec, 'subdomain')],
      ['SetHostnameAsFQDN', this.p('bool', spec, 'setHostnameAsFQDN')],
      ['Affinity', this.p('core.Affinity', spec, 'affinity')],
      ['SchedulerName', s(spec, 'schedulerName')],
      [
        'Tolerations',
        this.slice('core.Toleration', spec['tolerations'], (t) =>
          goStruct('core.Toleration', [['Key', s(t, 'key')], ['Operator', s(t, 'operator')], ['Value', s(t, 'value')], ['Effect', s(t, 'effect')], ['TolerationSeconds', this.p('int64', t, 'tolerationSeconds')]]),
        ),
      ],
      ['HostAliases', this.slice('core.HostAlias', spec['hostAliases'], (h) => goStruct('core.HostAlias', [['IP', s(h, 'ip')], ['Hostnames', goStrings(h['hostnames'])]]))],
      ['PriorityClassName', s(spec, 'priorityClassName')],
      ['Priority', this.p('int32', spec, 'priority')],
      ['PreemptionPolicy', this.p('core.PreemptionPolicy', spec, 'preemptionPolicy')],
      ['DNSConfig', this.p('core.PodDNSConfig', spec, 'dnsConfig')],
      ['ReadinessGates', this.slice('core.PodReadinessGate', spec['readinessGates'], (g) => goStruct('core.PodReadinessGate', [['ConditionType', s(g, 'conditionType')]]))],
      ['RuntimeClassName', this.p('string', spec, 'runtimeClassName')],
      ['Overhead', this.resourceList(spec['overhead'])],
      ['EnableServiceLinks', this.p('bool', spec, 'enableServiceLinks')],
      [
        'TopologySpreadConstraints',
        this.slice('core.TopologySpreadConstraint', spec['topologySpreadConstraints'], (t) =>
          goStruct('core.TopologySpreadConstraint', [
            ['MaxSkew', n(t, 'maxSkew')],
            ['TopologyKey', s(t, 'topologyKey')],
            ['WhenUnsatisfiable', s(t, 'whenUnsatisfiable')],
            ['LabelSelector', this.p('v1.LabelSelector', t, 'labelSelector')],
            ['MinDomains', this.p('int32', t, 'minDomains')],
            ['NodeAffinityPolicy', this.p('core.NodeInclusionPolicy', t, 'nodeAffinityPolicy')],
            ['NodeTaintsPolicy', this.p('core.NodeInclusionPolicy', t, 'nodeTaintsPolicy')],
            ['MatchLabelKeys', goStrings(t['matchLabelKeys'])],
          ]),
        ),
      ],
      ['OS', this.p('core.PodOS', spec, 'os')],
      ['SchedulingGates', this.slice('core.PodSchedulingGate', spec['schedulingGates'], (g) => goStruct('core.PodSchedulingGate', [['Name', s(g, 'name')]]))],
      [
        'ResourceClaims',
        this.slice('core.PodResourceClaim', spec['resourceClaims'], (c) =>
          goStruct('core.PodResourceClaim', [
            ['Name', s(c, 'name')],
            ['ResourceClaimName', this.p('string', c, 'resourceClaimName')],
            ['ResourceClaimTemplateName', this.p('string', c, 'resourceClaimTemplateName')],
          ]),
        ),
      ],
      ['Resources', this.p('core.ResourceRequirements', spec, 'resources')],
    ];
    return goStruct('core.PodSpec', fields);
  }
}

const s = (o: Json, k: string) => goQuote(str(o[k]) ?? '');
const n = (o: Json, k: string) => String(num(o[k]) ?? 0);

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** time.Time's GoString: `time.Date(2024, time.January, 2, 3, 4, 5, 0, time.UTC)`; the zero time when unset. */
export function goTimeDate(rfc3339: string | undefined): string {
  const d = rfc3339 ? new Date(rfc3339) : undefined;
  if (!d || Number.isNaN(d.getTime())) return 'time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)';
  return `time.Date(${d.getUTCFullYear()}, time.${months[d.getUTCMonth()]}, ${d.getUTCDate()}, ${d.getUTCHours()}, ${d.getUTCMinutes()}, ${d.getUTCSeconds()}, ${d.getUTCMilliseconds() * 1_000_000}, time.Local)`;
}

/** %#v of the template (a v1 PodTemplateSpec in JSON) as the internal core.PodTemplateSpec. */
export function goPodTemplateSpec(template: unknown): GoRaw {
  const t = rec(template) ?? {};
  const printer = new Printer();
  return new GoRaw(goStruct('core.PodTemplateSpec', [['ObjectMeta', printer.objectMeta(rec(t['metadata']) ?? {})], ['Spec', printer.podSpec(rec(t['spec']) ?? {})]]));
}
