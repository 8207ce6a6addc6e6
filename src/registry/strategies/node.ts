/** Nodes: a client (the kubelet) may set status on create; updates of the main resource keep status. */
import type { KindInfo } from '../../api/kinds.js';
import type { Strategy } from '../strategy.js';
import { genericStrategy } from './generic.js';

export function nodeStrategy(kind: KindInfo): Strategy {
  return genericStrategy(kind, {
    prepareForCreate() {},
    allowCreateOnUpdate: false,
  });
}
