/** Small field validators core's validation.go shares across kinds (ValidateDNS1123Label, ValidateQualifiedName, ValidatePortNumOrName). */
import { invalid, type FieldError, type FieldPath } from '../field-error.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../name-validation.js';
import { isValidPortName, isValidPortNum } from './value-checks.js';

export const validateDNS1123Label = (value: string, p: FieldPath | string): FieldError[] => isDNS1123Label(value).map((m) => invalid(p, value, m));
export const validateDNS1123Subdomain = (value: string, p: FieldPath | string): FieldError[] =>
  isDNS1123Subdomain(value).map((m) => invalid(p, value, m));
export const validateQualifiedName = (value: string, p: FieldPath | string): FieldError[] => isQualifiedName(value).map((m) => invalid(p, value, m));

/** An int-or-string port: a number 1-65535 or an IANA service name. */
export function validatePortNumOrName(port: unknown, p: FieldPath | string): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(p, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(p, port, m));
  // An unset IntOrString is the int 0.
  return isValidPortNum(0).map((m) => invalid(p, 0, m));
}

/** Sorted keys of a map, as upstream's errors come from Go maps (random order); sorted keeps ours stable. */
export const sortedKeys = (m: Record<string, unknown> | undefined | null): string[] => Object.keys(m ?? {}).sort();
