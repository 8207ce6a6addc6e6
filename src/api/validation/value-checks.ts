/** Value checks from apimachinery's util/validation that name-validation.ts does not cover: ports, env names, config keys, IPs, ids. */
import { isIPv6 } from 'node:net';
import { invalid, type FieldError, type FieldPath } from '../field-error.js';
import { maxLenError, regexError, DNS1123SubdomainMaxLength } from '../name-validation.js';

/** "must be between lo and hi, inclusive", as upstream's InclusiveRangeError. */
export const inclusiveRangeError = (lo: number, hi: number) => `must be between ${lo} and ${hi}, inclusive`;

/** A port number 1-65535. */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

const portNameCharset = /^[-a-z0-9]+$/;
const portNameOneLetter = /[a-z]/;

/** An IANA_SVC_NAME (RFC 6335): what a named container or service port must be. */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLenError(15));
  if (!portNameCharset.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  else if (!portNameOneLetter.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

function hasChDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

const envVarNameFmt = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const envVarNameRe = new RegExp(`^${envVarNameFmt}$`);
const envVarNameFmtErrMsg = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";

/** The strict (pre-1.32 default) environment variable name rule. */
export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!envVarNameRe.test(value)) errs.push(regexError(envVarNameFmtErrMsg, envVarNameFmt, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  return [...errs, ...hasChDirPrefix(value)];
}

const relaxedEnvVarNameFmtErrMsg = "a valid environment variable name must consist only of printable ASCII characters other than '='";

/** The relaxed rule (RelaxedEnvironmentVariableValidation, beta and on in 1.32): printable ASCII but '='. */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push('environment variable name must be non-empty');
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c > 126 || c < 32 || ch === '=') {
      errs.push(relaxedEnvVarNameFmtErrMsg);
      break;
    }
  }
  return errs;
}

const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const configMapKeyRe = new RegExp(`^${configMapKeyFmt}$`);
const configMapKeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

/** A key of a ConfigMap's or Secret's data. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(value) > DNS1123SubdomainMaxLength) errs.push(maxLenError(DNS1123SubdomainMaxLength));
  if (!configMapKeyRe.test(value)) errs.push(regexError(configMapKeyErrMsg, configMapKeyFmt, 'key.name', 'KEY_NAME', 'key-name'));
  return [...errs, ...hasChDirPrefix(value)];
}

const httpHeaderNameFmt = '[-A-Za-z0-9]+';
const httpHeaderNameRe = new RegExp(`^${httpHeaderNameFmt}$`);

/** An HTTP header name in an httpGet probe. */
export function isHTTPHeaderName(value: string): string[] {
  return httpHeaderNameRe.test(value) ? [] : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", httpHeaderNameFmt, 'X-Header-Name')];
}

/** A uid as runAsUser takes: 0 to 2147483647. */
export const isValidUserID = (uid: number) => (uid >= 0 && uid <= 2147483647 ? [] : [inclusiveRangeError(0, 2147483647)]);
/** A gid as fsGroup/runAsGroup/supplementalGroups take: 0 to 2147483647. */
export const isValidGroupID = isValidUserID;

/** Dotted IPv4 as Go's (pre-1.17, "sloppy") parser reads it: four decimal octets, leading zeros allowed. */
function isSloppyIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^[0-9]{1,}$/.test(p) && p.length <= 10 && Number(p) <= 255);
}

/** Whether netutils.ParseIPSloppy accepts the string. */
export function parseIPSloppy(s: string): 4 | 6 | undefined {
  if (isSloppyIPv4(s)) return 4;
  if (!s.includes('%') && s.includes(':')) {
    // IPv6 may embed a dotted IPv4 tail; Go accepts leading zeros in that tail too.
    const m = /^(.*:)([0-9.]+)$/.exec(s);
    if (m && m[2]!.includes('.')) return isSloppyIPv4(m[2]!) && isIPv6(`${m[1]}0.0.0.0`) ? 6 : undefined;
    if (isIPv6(s)) return 6;
  }
  return undefined;
}

/** As util/validation's IsValidIP (1.32: sloppy parsing). */
export function validateIP(fldPath: FieldPath | string, value: string): FieldError[] {
  return parseIPSloppy(value) ? [] : [invalid(fldPath, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

/** Whether netutils.ParseCIDRSloppy accepts the string. */
export function parseCIDRSloppy(s: string): 4 | 6 | undefined {
  const i = s.indexOf('/');
  if (i < 0) return undefined;
  const family = parseIPSloppy(s.slice(0, i));
  const bits = s.slice(i + 1);
  if (!family || !/^[0-9]+$/.test(bits) || (bits.length > 1 && bits.startsWith('0'))) return undefined;
  return Number(bits) <= (family === 4 ? 32 : 128) ? family : undefined;
}

/** As util/validation's IsValidCIDR (1.32). */
export function validateCIDR(fldPath: FieldPath | string, value: string): FieldError[] {
  return parseCIDRSloppy(value) ? [] : [invalid(fldPath, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}


/** The 16 bytes of an IP (IPv4 as IPv4-mapped IPv6, as Go's net.IP holds it), or undefined when it does not parse. */
export function ipBytes(s: string): number[] | undefined {
  const family = parseIPSloppy(s);
  if (!family) return undefined;
  if (family === 4) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...s.split('.').map(Number)];
  let text = s.toLowerCase();
  let tail: number[] = [];
  const v4 = /^(.*:)([0-9.]+)$/.exec(text);
  if (v4 && v4[2]!.includes('.')) {
    tail = v4[2]!.split('.').map(Number);
    text = `${v4[1]}0:0`;
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const hg = head ? head.split(':') : [];
  const rg = rest ? rest.split(':') : [];
  const groups = rest === undefined ? hg : [...hg, ...Array(8 - hg.length - rg.length).fill('0'), ...rg];
  const bytes = groups.flatMap((g) => {
    const n = parseInt(g || '0', 16);
    return [n >> 8, n & 0xff];
  });
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}
