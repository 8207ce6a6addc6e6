/** Pod and container security settings as core's validatePodSpecSecurityContext and its helpers (seccomp, AppArmor, sysctls, Windows). */
import type { PodSpec, SeccompProfile, WindowsSecurityContextOptions } from 'kubernetes-types/core/v1.js';
import { GoRaw, duplicate, forbidden, invalid, notSupported, required, tooLong, type FieldError, type FieldPath } from '../field-error.js';
import { isDNS1123Subdomain } from '../name-validation.js';
import { goStruct, goStr } from './go-format.js';
import type { PodValidationOptions } from './pod-validation-options.js';
import { isValidGroupID, isValidUserID } from './value-checks.js';
import { validateLocalDescendingPath } from './volumes.js';

/** seccompProfile: a known type, localhostProfile exactly when the type is Localhost. */
export function validateSeccompProfileField(sp: SeccompProfile | undefined, fldPath: FieldPath): FieldError[] {
  if (!sp) return [];
  const errs: FieldError[] = [];
  const type = sp.type ?? '';
  if (type === '') errs.push(required(fldPath.child('type'), 'type is required when seccompProfile is set'));
  else if (!['Localhost', 'RuntimeDefault', 'Unconfined'].includes(type)) {
    errs.push(notSupported(fldPath.child('type'), type, ['Localhost', 'RuntimeDefault', 'Unconfined']));
  }
  if (type === 'Localhost') {
    if (sp.localhostProfile === undefined || sp.localhostProfile === null) {
      errs.push(required(fldPath.child('localhostProfile'), 'must be set when seccomp type is Localhost'));
    } else errs.push(...validateLocalDescendingPath(sp.localhostProfile, fldPath.child('localhostProfile')));
  } else if (sp.localhostProfile !== undefined && sp.localhostProfile !== null) {
    const v = new GoRaw(goStruct('core.SeccompProfile', [['Type', goStr(type)], ['LocalhostProfile', '(*string)(0xc000a1e0e0)']]));
    errs.push(invalid(fldPath.child('localhostProfile'), v, 'can only be set when seccomp type is Localhost'));
  }
  return errs;
}

/** appArmorProfile: a known type, a trimmed localhostProfile exactly when the type is Localhost. */
export function validateAppArmorProfileField(profile: { type?: string; localhostProfile?: string } | undefined, fldPath: FieldPath): FieldError[] {
  if (!profile) return [];
  const errs: FieldError[] = [];
  switch (profile.type ?? '') {
    case 'Localhost': {
      const lp = profile.localhostProfile;
      if (lp === undefined || lp === null) errs.push(required(fldPath.child('localhostProfile'), 'must be set when AppArmor type is Localhost'));
      else {
        if (lp.trim() !== lp) errs.push(invalid(fldPath.child('localhostProfile'), lp, 'must not be padded with whitespace'));
        else if (lp === '') errs.push(required(fldPath.child('localhostProfile'), 'must be set when AppArmor type is Localhost'));
        if (lp.length > 4095) errs.push(tooLong(fldPath.child('localhostProfile'), '', 4095));
      }
      break;
    }
    case 'RuntimeDefault':
    case 'Unconfined':
      if (profile.localhostProfile !== undefined && profile.localhostProfile !== null) {
        errs.push(invalid(fldPath.child('localhostProfile'), profile.localhostProfile, 'can only be set when AppArmor type is Localhost'));
      }
      break;
    case '':
      errs.push(required(fldPath.child('type'), 'type is required when appArmorProfile is set'));
      break;
    default:
      errs.push(notSupported(fldPath.child('type'), profile.type, ['Localhost', 'RuntimeDefault', 'Unconfined']));
  }
  return errs;
}

const ctrlRe = /[\x00-\x1f\x7f]+/;
const netBiosRe = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/;
const dnsLabel = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const windowsDomainDNSRe = new RegExp(`^${dnsLabel}(?:\\.${dnsLabel})*$`);
const invalidUserNameCharsRe = /["/\\:;|=,+*?<>@[\]]/;
const invalidUserNameDotsSpacesRe = /^[. ]+$/;

/** windowsOptions: GMSA spec name and size, and runAsUserName's DOMAIN\USER rules. */
export function validateWindowsSecurityContextOptions(w: WindowsSecurityContextOptions | undefined, fldPath: FieldPath): FieldError[] {
  if (!w) return [];
  const errs: FieldError[] = [];
  if (w.gmsaCredentialSpecName !== undefined && w.gmsaCredentialSpecName !== null) {
    for (const m of isDNS1123Subdomain(w.gmsaCredentialSpecName)) errs.push(invalid(fldPath.child('gmsaCredentialSpecName'), w.gmsaCredentialSpecName, m));
  }
  if (w.gmsaCredentialSpec !== undefined && w.gmsaCredentialSpec !== null) {
    const l = Buffer.byteLength(w.gmsaCredentialSpec);
    if (l === 0) errs.push(invalid(fldPath.child('gmsaCredentialSpec'), w.gmsaCredentialSpec, 'gmsaCredentialSpec cannot be an empty string'));
    else if (l > 64 * 1024) errs.push(invalid(fldPath.child('gmsaCredentialSpec'), w.gmsaCredentialSpec, 'gmsaCredentialSpec size must be under 64 KiB'));
  }
  const name = w.runAsUserName;
  if (name !== undefined && name !== null) {
    const p = fldPath.child('runAsUserName');
    const parts = name.split('\\');
    if (name.length === 0) errs.push(invalid(p, name, 'runAsUserName cannot be an empty string'));
    else if (ctrlRe.test(name)) errs.push(invalid(p, name, 'runAsUserName cannot contain control characters'));
    else if (parts.length > 2) errs.push(invalid(p, name, 'runAsUserName cannot contain more than one backslash'));
    else {
      const hasDomain = parts.length === 2;
      const domain = hasDomain ? parts[0]! : '';
      const user = hasDomain ? parts[1]! : parts[0]!;
      if (domain.length >= 256) errs.push(invalid(p, name, "runAsUserName's Domain length must be under 256 characters"));
      if (hasDomain && !(netBiosRe.test(domain) || windowsDomainDNSRe.test(domain))) {
        errs.push(invalid(p, name, "runAsUserName's Domain doesn't match the NetBios nor the DNS format"));
      }
      if (user.length === 0) errs.push(invalid(p, name, "runAsUserName's User cannot be empty"));
      else if (user.length > 104) errs.push(invalid(p, name, "runAsUserName's User length must not be longer than 104 characters"));
      if (invalidUserNameDotsSpacesRe.test(user)) errs.push(invalid(p, name, "runAsUserName's User cannot contain only periods or spaces"));
      if (invalidUserNameCharsRe.test(user)) errs.push(invalid(p, name, `runAsUserName's User cannot contain the following characters: "/\\:;|=,+*?<>@[]`));
    }
  }
  return errs;
}

const sysctlSegment = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const sysctlContainSlashFmt = `(${sysctlSegment}[\\./])*${sysctlSegment}`;
const sysctlRe = new RegExp(`^${sysctlContainSlashFmt}$`);

/** Which namespace a sysctl lives in, as component-helpers' sysctl.GetNamespace (only net and ipc matter here). */
function sysctlNamespace(name: string): 'net' | 'ipc' | undefined {
  const n = name.replace(/\//g, '.');
  if (n.startsWith('net.')) return 'net';
  if (n.startsWith('kernel.shm') || n.startsWith('kernel.msg') || n.startsWith('fs.mqueue.') || n === 'kernel.sem') return 'ipc';
  return undefined;
}

function validateSysctls(spec: PodSpec, fldPath: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (spec.securityContext?.sysctls ?? []).forEach((s, i) => {
    const p = fldPath.index(i).child('name');
    const name = s.name ?? '';
    if (!name) errs.push(required(p, ''));
    else if (name.length > 253 || !sysctlRe.test(name)) errs.push(invalid(p, name, `must have at most 253 characters and match regex ^${sysctlContainSlashFmt}$`));
    else if (names.has(name)) errs.push(duplicate(p, name));
    if (!opts.allowNamespacedSysctlsForHostNetAndHostIPC) {
      const ns = sysctlNamespace(name);
      if (spec.hostNetwork && ns === 'net') errs.push(invalid(p, name, "may not be specified when 'hostNetwork' is true"));
      else if (spec.hostIPC && ns === 'ipc') errs.push(invalid(p, name, "may not be specified when 'hostIPC' is true"));
    }
    names.add(name);
  });
  return errs;
}

/** The pod's securityContext (and the host namespace fields upstream keeps beside it), as validatePodSpecSecurityContext. */
export function validatePodSpecSecurityContext(spec: PodSpec, fldPath: FieldPath, opts: PodValidationOptions): FieldError[] {
  const sc = spec.securityContext as (PodSpec['securityContext'] & { appArmorProfile?: never; supplementalGroupsPolicy?: string; seLinuxChangePolicy?: string }) | undefined;
  // Internally hostNetwork/hostPID/hostIPC/shareProcessNamespace live in the security context, so it is never nil for them.
  if (!sc && !spec.hostNetwork && !spec.hostPID && !spec.hostIPC && spec.shareProcessNamespace === undefined) return [];
  const errs: FieldError[] = [];
  const s = sc ?? {};
  if (s.fsGroup !== undefined && s.fsGroup !== null) for (const m of isValidGroupID(s.fsGroup)) errs.push(invalid(fldPath.child('fsGroup'), s.fsGroup, m));
  if (s.runAsUser !== undefined && s.runAsUser !== null) for (const m of isValidUserID(s.runAsUser)) errs.push(invalid(fldPath.child('runAsUser'), s.runAsUser, m));
  if (s.runAsGroup !== undefined && s.runAsGroup !== null) for (const m of isValidGroupID(s.runAsGroup)) errs.push(invalid(fldPath.child('runAsGroup'), s.runAsGroup, m));
  (s.supplementalGroups ?? []).forEach((gid, g) => {
    for (const m of isValidGroupID(gid)) errs.push(invalid(fldPath.child('supplementalGroups').index(g), gid, m));
  });
  if (spec.shareProcessNamespace === true && spec.hostPID) {
    errs.push(invalid(fldPath.child('shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  if ((s.sysctls ?? []).length) errs.push(...validateSysctls(spec, fldPath.child('sysctls'), opts));
  if (s.fsGroupChangePolicy !== undefined && s.fsGroupChangePolicy !== null && !['Always', 'OnRootMismatch'].includes(s.fsGroupChangePolicy)) {
    errs.push(notSupported(fldPath.child('fsGroupChangePolicy'), s.fsGroupChangePolicy, ['Always', 'OnRootMismatch']));
  }
  errs.push(...validateSeccompProfileField(s.seccompProfile, fldPath.child('seccompProfile')));
  errs.push(...validateWindowsSecurityContextOptions(s.windowsOptions, fldPath.child('windowsOptions')));
  errs.push(...validateAppArmorProfileField(s.appArmorProfile, fldPath.child('appArmorProfile')));
  if (s.supplementalGroupsPolicy !== undefined && s.supplementalGroupsPolicy !== null && !['Merge', 'Strict'].includes(s.supplementalGroupsPolicy)) {
    errs.push(notSupported(fldPath.child('supplementalGroupsPolicy'), s.supplementalGroupsPolicy, ['Merge', 'Strict']));
  }
  return errs;
}

/** hostUsers: false may not be combined with host namespaces (upstream's odd "HostPID"/"HostIPC" paths kept). */
export function validateHostUsers(spec: PodSpec, fldPath: FieldPath): FieldError[] {
  if (spec.hostUsers !== false) return [];
  const errs: FieldError[] = [];
  if (spec.hostNetwork) errs.push(forbidden(fldPath.child('hostNetwork'), 'when `pod.Spec.HostUsers` is false'));
  if (spec.hostPID) errs.push(forbidden(fldPath.child('HostPID'), 'when `pod.Spec.HostUsers` is false'));
  if (spec.hostIPC) errs.push(forbidden(fldPath.child('HostIPC'), 'when `pod.Spec.HostUsers` is false'));
  return errs;
}
