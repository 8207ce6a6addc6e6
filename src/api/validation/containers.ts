/** Containers, init containers and ephemeral containers as core's validateContainers and friends, with upstream's paths. */
import type {
  Container,
  ContainerPort,
  EphemeralContainer,
  Lifecycle,
  LifecycleHandler,
  Probe,
  SecurityContext,
  Volume,
  VolumeDevice,
  VolumeMount,
} from 'kubernetes-types/core/v1.js';
import { GoRaw, duplicate, forbidden, invalid, notFound, notSupported, required, type FieldError, type FieldPath } from '../field-error.js';
import { validateDNS1123Label as dns1123Label, validatePortNumOrName } from './common.js';
import { validateEnv, validateEnvFrom } from './env.js';
import { goStruct } from './go-format.js';
import { validateNonnegativeField } from './object-meta.js';
import type { PodValidationOptions } from './pod-validation-options.js';
import { validateContainerResourceRequirements } from './resources.js';
import { validateAppArmorProfileField, validateSeccompProfileField, validateWindowsSecurityContextOptions } from './security-context.js';
import { isHTTPHeaderName, isValidGroupID, isValidPortName, isValidPortNum, isValidUserID } from './value-checks.js';
import { validateLocalDescendingPath, validatePathNoBacksteps, validatePullPolicy } from './volumes.js';

/** What container validation needs from the pod spec around it. */
export interface ContainerContext {
  volumes: ReadonlyMap<string, Volume>;
  podClaimNames: ReadonlySet<string>;
  gracePeriod: number | undefined;
  podRestartPolicy: string | undefined;
  hostUsers: boolean;
  opts: PodValidationOptions;
}

const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];

/** A container's ports: valid names (unique), container and host port numbers, a known protocol. */
export function validateContainerPorts(ports: ContainerPort[] | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const p = fldPath.index(i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(p.child('name'), port.name, m));
      else if (names.has(port.name)) errs.push(duplicate(p.child('name'), port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(required(p.child('containerPort'), ''));
    else for (const m of isValidPortNum(port.containerPort)) errs.push(invalid(p.child('containerPort'), port.containerPort, m));
    if (port.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(invalid(p.child('hostPort'), port.hostPort, m));
    if (!port.protocol) errs.push(required(p.child('protocol'), ''));
    else if (!supportedPortProtocols.includes(port.protocol)) errs.push(notSupported(p.child('protocol'), port.protocol, supportedPortProtocols));
  });
  return errs;
}

/** hostPort/protocol/hostIP must not repeat across the given containers (upstream's AccumulateUniqueHostPorts). */
export function checkHostPortConflicts(containers: Container[], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((ctr, ci) => {
    (ctr.ports ?? []).forEach((port, pi) => {
      if (!port.hostPort) return;
      const str = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${port.hostPort}`;
      if (seen.has(str)) errs.push(duplicate(fldPath.index(ci).child('ports').index(pi).child('hostPort'), str));
      else seen.add(str);
    });
  });
  return errs;
}

/** volumeMounts: each names a pod volume, has a unique mountPath, and (sub)paths without backsteps. */
export function validateVolumeMounts(
  mounts: VolumeMount[] | undefined,
  devices: ReadonlyMap<string, string>,
  volumes: ReadonlyMap<string, Volume>,
  container: Container | undefined,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const mountpoints = new Set<string>();
  (mounts ?? []).forEach((mnt, i) => {
    const p = fldPath.index(i);
    const name = mnt.name ?? '';
    const mountPath = mnt.mountPath ?? '';
    if (!name) errs.push(required(p.child('name'), ''));
    if (!volumes.has(name)) errs.push(notFound(p.child('name'), name));
    if (!mountPath) errs.push(required(p.child('mountPath'), ''));
    if (mountpoints.has(mountPath)) errs.push(invalid(p.child('mountPath'), mountPath, 'must be unique'));
    mountpoints.add(mountPath);
    if (devices.has(name)) errs.push(invalid(p.child('name'), name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(mountPath)) errs.push(invalid(p.child('mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    const vol = volumes.get(name) as (Volume & { image?: unknown }) | undefined;
    if (vol?.image) {
      if (mnt.subPath) errs.push(invalid(p.child('subPath'), mnt.subPath, 'not allowed in image volume sources'));
      if (mnt.subPathExpr) errs.push(invalid(p.child('subPathExpr'), mnt.subPathExpr, 'not allowed in image volume sources'));
    }
    // Upstream reports sub-path problems against the list's path, not the mount's.
    if (mnt.subPath) errs.push(...validateLocalDescendingPath(mnt.subPath, fldPath.child('subPath')));
    if (mnt.subPathExpr) {
      if (mnt.subPath) errs.push(invalid(p.child('subPathExpr'), mnt.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(mnt.subPathExpr, fldPath.child('subPathExpr')));
    }
    if (mnt.mountPropagation !== undefined && mnt.mountPropagation !== null) {
      errs.push(...validateMountPropagation(mnt.mountPropagation, container, fldPath.child('mountPropagation')));
    }
    errs.push(...validateMountRecursiveReadOnly(mnt, fldPath.child('recursiveReadOnly')));
  });
  return errs;
}

function validateMountPropagation(mp: string, container: Container | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const supported = ['Bidirectional', 'HostToContainer', 'None'];
  if (!supported.includes(mp)) errs.push(notSupported(p, mp, supported));
  if (!container) return errs;
  const privileged = container.securityContext?.privileged === true;
  if (mp === 'Bidirectional' && !privileged) errs.push(forbidden(p, 'Bidirectional mount propagation is available only to privileged containers'));
  return errs;
}

function validateMountRecursiveReadOnly(mnt: VolumeMount & { recursiveReadOnly?: string }, p: FieldPath): FieldError[] {
  const rro = mnt.recursiveReadOnly;
  if (rro === undefined || rro === null || rro === 'Disabled') return [];
  if (rro === 'Enabled' || rro === 'IfPossible') {
    const errs: FieldError[] = [];
    if (!mnt.readOnly) errs.push(forbidden(p, 'may only be specified when readOnly is true'));
    if (mnt.mountPropagation && mnt.mountPropagation !== 'None') {
      errs.push(forbidden(p, 'may only be specified when mountPropagation is None or not specified'));
    }
    return errs;
  }
  return [notSupported(p, rro, ['Disabled', 'Enabled', 'IfPossible'])];
}

/** volumeDevices: block devices from PVC-backed volumes only, unique names and paths, no overlap with mounts. */
export function validateVolumeDevices(
  devices: VolumeDevice[] | undefined,
  mounts: ReadonlyMap<string, string>,
  volumes: ReadonlyMap<string, Volume>,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const devicePaths = new Set<string>();
  const deviceNames = new Set<string>();
  (devices ?? []).forEach((dev, i) => {
    const p = fldPath.index(i);
    const name = dev.name ?? '';
    const devPath = dev.devicePath ?? '';
    const vol = volumes.get(name);
    const isPVC = !!vol && (!!vol.persistentVolumeClaim || !!vol.ephemeral);
    if (!name) errs.push(required(p.child('name'), ''));
    if (deviceNames.has(name)) errs.push(invalid(p.child('name'), name, 'must be unique'));
    if (vol && !isPVC) errs.push(invalid(p.child('name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    if (!vol) errs.push(notFound(p.child('name'), name));
    if (!devPath) errs.push(required(p.child('devicePath'), ''));
    if (devicePaths.has(devPath)) errs.push(invalid(p.child('devicePath'), devPath, 'must be unique'));
    if (devPath && validatePathNoBacksteps(devPath, p).length) errs.push(invalid(p.child('devicePath'), devPath, "can not contain backsteps ('..')"));
    else devicePaths.add(devPath);
    if (mounts.has(name)) errs.push(invalid(p.child('name'), name, 'must not already exist in volumeMounts'));
    if ([...mounts.values()].includes(devPath)) errs.push(invalid(p.child('devicePath'), devPath, 'must not already exist as a path in volumeMounts'));
    if (name) deviceNames.add(name);
  });
  return errs;
}

function validateHandler(handler: LifecycleHandler & { grpc?: { port?: number } }, gracePeriod: number | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let num = 0;
  const more = (name: string) => forbidden(fldPath.child(name), 'may not specify more than 1 handler type');
  if (handler.exec) {
    num++;
    if ((handler.exec.command ?? []).length === 0) errs.push(required(fldPath.child('exec').child('command'), ''));
  }
  if (handler.httpGet) {
    if (num > 0) errs.push(more('httpGet'));
    else {
      num++;
      const h = handler.httpGet;
      const p = fldPath.child('httpGet');
      if (!h.path) errs.push(required(p.child('path'), ''));
      errs.push(...validatePortNumOrName(h.port, p.child('port')));
      if (h.scheme !== 'HTTP' && h.scheme !== 'HTTPS') errs.push(notSupported(p.child('scheme'), h.scheme ?? '', ['HTTP', 'HTTPS']));
      for (const header of h.httpHeaders ?? []) {
        for (const m of isHTTPHeaderName(header.name ?? '')) errs.push(invalid(p.child('httpHeaders'), header.name ?? '', m));
      }
    }
  }
  if (handler.tcpSocket) {
    if (num > 0) errs.push(more('tcpSocket'));
    else {
      num++;
      errs.push(...validatePortNumOrName(handler.tcpSocket.port, fldPath.child('tcpSocket').child('port')));
    }
  }
  if (handler.grpc) {
    if (num > 0) errs.push(more('grpc'));
    else {
      num++;
      errs.push(...validatePortNumOrName(handler.grpc.port ?? 0, fldPath.child('grpc').child('port')));
    }
  }
  if (handler.sleep) {
    if (num > 0) errs.push(more('sleep'));
    else {
      num++;
      const seconds = handler.sleep.seconds ?? 0;
      if (gracePeriod !== undefined && (seconds <= 0 || seconds > gracePeriod)) {
        errs.push(
          invalid(
            fldPath.child('sleep'),
            seconds,
            `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
          ),
        );
      }
    }
  }
  if (num === 0) errs.push(required(fldPath, 'must specify a handler type'));
  return errs;
}

function validateLifecycle(lifecycle: Lifecycle, gracePeriod: number | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (lifecycle.postStart) errs.push(...validateHandler(lifecycle.postStart, gracePeriod, fldPath.child('postStart')));
  if (lifecycle.preStop) errs.push(...validateHandler(lifecycle.preStop, gracePeriod, fldPath.child('preStop')));
  return errs;
}

function validateProbe(probe: Probe, gracePeriod: number | undefined, fldPath: FieldPath): FieldError[] {
  // Probes take exec, httpGet, tcpSocket or grpc (no sleep).
  const { exec, httpGet, tcpSocket, grpc } = probe as Probe & { grpc?: { port?: number } };
  const errs = validateHandler({ exec, httpGet, tcpSocket, grpc } as LifecycleHandler, gracePeriod, fldPath);
  errs.push(...validateNonnegativeField(probe.initialDelaySeconds ?? 0, fldPath.child('initialDelaySeconds')));
  errs.push(...validateNonnegativeField(probe.timeoutSeconds ?? 0, fldPath.child('timeoutSeconds')));
  errs.push(...validateNonnegativeField(probe.periodSeconds ?? 0, fldPath.child('periodSeconds')));
  errs.push(...validateNonnegativeField(probe.successThreshold ?? 0, fldPath.child('successThreshold')));
  errs.push(...validateNonnegativeField(probe.failureThreshold ?? 0, fldPath.child('failureThreshold')));
  const tgps = probe.terminationGracePeriodSeconds;
  if (tgps !== undefined && tgps !== null && tgps <= 0) errs.push(invalid(fldPath.child('terminationGracePeriodSeconds'), tgps, 'must be greater than 0'));
  return errs;
}

function validateLivenessOrStartupProbe(probe: Probe | undefined, gracePeriod: number | undefined, fldPath: FieldPath): FieldError[] {
  if (!probe) return [];
  const errs = validateProbe(probe, gracePeriod, fldPath);
  if ((probe.successThreshold ?? 0) !== 1) errs.push(invalid(fldPath.child('successThreshold'), probe.successThreshold ?? 0, 'must be 1'));
  return errs;
}

function validateReadinessProbe(probe: Probe | undefined, gracePeriod: number | undefined, fldPath: FieldPath): FieldError[] {
  if (!probe) return [];
  const errs = validateProbe(probe, gracePeriod, fldPath);
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
    errs.push(invalid(fldPath.child('terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  return errs;
}

const goPtr = (v: unknown, type: string) => (v === undefined || v === null ? `(*${type})(nil)` : `(*${type})(0xc000a1e0d0)`);

/** %#v of a *core.SecurityContext, which upstream puts in two errors. */
function goSecurityContext(sc: SecurityContext & { appArmorProfile?: unknown }): string {
  return goStruct('core.SecurityContext', [
    ['Capabilities', goPtr(sc.capabilities, 'core.Capabilities')],
    ['Privileged', goPtr(sc.privileged, 'bool')],
    ['SELinuxOptions', goPtr(sc.seLinuxOptions, 'core.SELinuxOptions')],
    ['WindowsOptions', goPtr(sc.windowsOptions, 'core.WindowsSecurityContextOptions')],
    ['RunAsUser', goPtr(sc.runAsUser, 'int64')],
    ['RunAsGroup', goPtr(sc.runAsGroup, 'int64')],
    ['RunAsNonRoot', goPtr(sc.runAsNonRoot, 'bool')],
    ['ReadOnlyRootFilesystem', goPtr(sc.readOnlyRootFilesystem, 'bool')],
    ['AllowPrivilegeEscalation', goPtr(sc.allowPrivilegeEscalation, 'bool')],
    ['ProcMount', goPtr(sc.procMount, 'core.ProcMountType')],
    ['SeccompProfile', goPtr(sc.seccompProfile, 'core.SeccompProfile')],
    ['AppArmorProfile', goPtr(sc.appArmorProfile, 'core.AppArmorProfile')],
  ]);
}


/** A container's securityContext, as core's ValidateSecurityContext (privileged containers are allowed, as kubeadm's API server does). */
export function validateSecurityContext(sc: SecurityContext | undefined, fldPath: FieldPath, hostUsers: boolean): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  if (sc.runAsUser !== undefined && sc.runAsUser !== null) for (const m of isValidUserID(sc.runAsUser)) errs.push(invalid(fldPath.child('runAsUser'), sc.runAsUser, m));
  if (sc.runAsGroup !== undefined && sc.runAsGroup !== null) for (const m of isValidGroupID(sc.runAsGroup)) errs.push(invalid(fldPath.child('runAsGroup'), sc.runAsGroup, m));
  if (sc.procMount !== undefined && sc.procMount !== null) {
    if (sc.procMount !== 'Default' && sc.procMount !== 'Unmasked') errs.push(notSupported(fldPath.child('procMount'), sc.procMount, ['Default', 'Unmasked']));
    if (hostUsers && sc.procMount === 'Unmasked') errs.push(invalid(fldPath.child('procMount'), sc.procMount, '`hostUsers` must be false to use `Unmasked`'));
  }
  errs.push(...validateSeccompProfileField(sc.seccompProfile, fldPath.child('seccompProfile')));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) errs.push(invalid(fldPath, new GoRaw(goSecurityContext(sc)), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    for (const cap of sc.capabilities?.add ?? []) {
      if (cap === 'CAP_SYS_ADMIN') {
        errs.push(invalid(fldPath, new GoRaw(goSecurityContext(sc)), 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
      }
    }
  }
  errs.push(...validateWindowsSecurityContextOptions(sc.windowsOptions, fldPath.child('windowsOptions')));
  errs.push(...validateAppArmorProfileField((sc as { appArmorProfile?: never }).appArmorProfile, fldPath.child('appArmorProfile')));
  return errs;
}

/** What every kind of container is checked for: name, image, terminationMessagePolicy, ports, env, mounts, pull policy, resources, security. */
export function validateContainerCommon(ctr: Container, ctx: ContainerContext, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const namePath = path.child('name');
  if (!ctr.name) errs.push(required(namePath, ''));
  else errs.push(...dns1123Label(ctr.name, namePath));
  if (!ctr.image) errs.push(required(path.child('image'), ''));
  switch (ctr.terminationMessagePolicy) {
    case 'File':
    case 'FallbackToLogsOnError':
      break;
    case undefined:
    case null:
    case '':
      errs.push(required(path.child('terminationMessagePolicy'), ''));
      break;
    default:
      errs.push(notSupported(path.child('terminationMessagePolicy'), ctr.terminationMessagePolicy, ['File', 'FallbackToLogsOnError']));
  }
  const mounts = new Map((ctr.volumeMounts ?? []).map((m) => [m.name ?? '', m.mountPath ?? '']));
  const devices = new Map((ctr.volumeDevices ?? []).map((d) => [d.name ?? '', d.devicePath ?? '']));
  errs.push(...validateContainerPorts(ctr.ports, path.child('ports')));
  errs.push(...validateEnv(ctr.env, path.child('env'), ctx.opts));
  errs.push(...validateEnvFrom(ctr.envFrom, path.child('envFrom'), ctx.opts));
  errs.push(...validateVolumeMounts(ctr.volumeMounts, devices, ctx.volumes, ctr, path.child('volumeMounts')));
  errs.push(...validateVolumeDevices(ctr.volumeDevices, mounts, ctx.volumes, path.child('volumeDevices')));
  errs.push(...validatePullPolicy(ctr.imagePullPolicy, path.child('imagePullPolicy')));
  errs.push(...validateContainerResourceRequirements(ctr.resources, ctx.podClaimNames, path.child('resources'), ctx.opts));
  errs.push(...validateSecurityContext(ctr.securityContext, path.child('securityContext'), ctx.hostUsers));
  return errs;
}


/** The regular containers: at least one, unique names, probes and lifecycle valid, no restartPolicy, no host port clashes. */
export function validateContainers(containers: Container[] | undefined, ctx: ContainerContext, fldPath: FieldPath): FieldError[] {
  if (!containers || containers.length === 0) return [required(fldPath, '')];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((ctr, i) => {
    const path = fldPath.index(i);
    errs.push(...validateContainerCommon(ctr, ctx, path));
    if (names.has(ctr.name ?? '')) errs.push(duplicate(path.child('name'), ctr.name ?? ''));
    else names.add(ctr.name ?? '');
    if (ctr.lifecycle) errs.push(...validateLifecycle(ctr.lifecycle, ctx.gracePeriod, path.child('lifecycle')));
    errs.push(...validateLivenessOrStartupProbe(ctr.livenessProbe, ctx.gracePeriod, path.child('livenessProbe')));
    errs.push(...validateReadinessProbe(ctr.readinessProbe, ctx.gracePeriod, path.child('readinessProbe')));
    errs.push(...validateLivenessOrStartupProbe(ctr.startupProbe, ctx.gracePeriod, path.child('startupProbe')));
    if (ctr.restartPolicy !== undefined && ctr.restartPolicy !== null) errs.push(forbidden(path.child('restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(containers, fldPath));
  return errs;
}

const initOnly = 'may not be set for init containers without restartPolicy=Always';

/** Init containers: names unique among all containers; probes and lifecycle only for sidecars (restartPolicy Always). */
export function validateInitContainers(containers: Container[] | undefined, regular: Container[] | undefined, ctx: ContainerContext, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name ?? ''));
  (containers ?? []).forEach((ctr, i) => {
    const p = fldPath.index(i);
    errs.push(...validateContainerCommon(ctr, ctx, p));
    let restartAlways = false;
    if (ctr.restartPolicy !== undefined && ctr.restartPolicy !== null) {
      if (ctr.restartPolicy !== 'Always') errs.push(notSupported(p.child('restartPolicy'), ctr.restartPolicy, ['Always']));
      restartAlways = ctr.restartPolicy === 'Always';
    }
    if (names.has(ctr.name ?? '')) errs.push(duplicate(p.child('name'), ctr.name ?? ''));
    else if (ctr.name) names.add(ctr.name);
    // Init containers run one at a time, so host ports only clash within one.
    errs.push(...checkHostPortConflicts([ctr], fldPath));
    if (restartAlways) {
      if (ctr.lifecycle) errs.push(...validateLifecycle(ctr.lifecycle, ctx.gracePeriod, p.child('lifecycle')));
      errs.push(...validateLivenessOrStartupProbe(ctr.livenessProbe, ctx.gracePeriod, p.child('livenessProbe')));
      errs.push(...validateReadinessProbe(ctr.readinessProbe, ctx.gracePeriod, p.child('readinessProbe')));
      errs.push(...validateLivenessOrStartupProbe(ctr.startupProbe, ctx.gracePeriod, p.child('startupProbe')));
    } else {
      if (ctr.lifecycle) errs.push(forbidden(p.child('lifecycle'), initOnly));
      if (ctr.livenessProbe) errs.push(forbidden(p.child('livenessProbe'), initOnly));
      if (ctr.readinessProbe) errs.push(forbidden(p.child('readinessProbe'), initOnly));
      if (ctr.startupProbe) errs.push(forbidden(p.child('startupProbe'), initOnly));
    }
  });
  return errs;
}

// Fields of EphemeralContainerCommon in Go order, and whether an ephemeral container may set them.
const ephemeralFields: [string, boolean][] = [
  ['name', true], ['image', true], ['command', true], ['args', true], ['workingDir', true], ['ports', false], ['envFrom', true],
  ['env', true], ['resources', false], ['resizePolicy', false], ['restartPolicy', false], ['volumeMounts', true], ['volumeDevices', true],
  ['livenessProbe', false], ['readinessProbe', false], ['startupProbe', false], ['lifecycle', false], ['terminationMessagePath', true],
  ['terminationMessagePolicy', true], ['imagePullPolicy', true], ['securityContext', true], ['stdin', true], ['stdinOnce', true], ['tty', true],
];

const isSet = (v: unknown) =>
  v !== undefined && v !== null && v !== false && v !== '' && v !== 0 && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/** Ephemeral (debug) containers: common checks, unique names across all containers, an existing target, a restricted field set. */
export function validateEphemeralContainers(
  ephemeral: EphemeralContainer[] | undefined,
  containers: Container[] | undefined,
  initContainers: Container[] | undefined,
  ctx: ContainerContext,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!ephemeral || ephemeral.length === 0) return errs;
  const other = new Set([...(containers ?? []), ...(initContainers ?? [])].map((c) => c.name ?? ''));
  const all = new Set(other);
  ephemeral.forEach((ec, i) => {
    const p = fldPath.index(i);
    errs.push(...validateContainerCommon(ec as Container, ctx, p));
    errs.push(...validateContainerOnlyForPod(ec as Container, p));
    if (all.has(ec.name ?? '')) errs.push(duplicate(p.child('name'), ec.name ?? ''));
    else all.add(ec.name ?? '');
    if (ec.targetContainerName && !other.has(ec.targetContainerName)) errs.push(notFound(p.child('targetContainerName'), ec.targetContainerName));
    const rec = ec as unknown as Record<string, unknown>;
    for (const [field, allowed] of ephemeralFields) if (!allowed && isSet(rec[field])) errs.push(forbidden(p.child(field), 'cannot be set for an Ephemeral Container'));
    (ec.volumeMounts ?? []).forEach((vm, j) => {
      if (vm.subPath) errs.push(forbidden(p.child('volumeMounts').index(j).child('subPath'), 'cannot be set for an Ephemeral Container'));
      if (vm.subPathExpr) errs.push(forbidden(p.child('volumeMounts').index(j).child('subPathExpr'), 'cannot be set for an Ephemeral Container'));
    });
  });
  return errs;
}

/** Pod-only (not template) container checks: no whitespace around the image. */
export function validateContainerOnlyForPod(ctr: Container, path: FieldPath): FieldError[] {
  const image = ctr.image ?? '';
  return image.length !== image.trim().length ? [invalid(path.child('image'), image, 'must not have leading or trailing whitespace')] : [];
}
