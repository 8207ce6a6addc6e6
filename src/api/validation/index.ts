/** Validators of every served kind, by kind name. */
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { coreValidators } from './index-core.js';
import { otherValidators } from './index-other.js';

export interface KindValidator {
  validate(obj: KubeObject): FieldError[];
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  validateStatusUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
}

const all: Record<string, KindValidator> = {
  ...(coreValidators as unknown as Record<string, KindValidator>),
  ...(otherValidators as unknown as Record<string, KindValidator>),
};

export function validatorFor(kind: string): KindValidator | undefined {
  return all[kind];
}
