/**
 * The in-tree plugin registry (upstream pkg/scheduler/framework/plugins/registry.go): plugin name -> constructor.
 * Plugin files add their line here.
 */
import type { PluginFactory } from '../framework/interface.js';
import { newDefaultBinder } from './default-binder.js';
import * as names from './names.js';
import { newPrioritySort } from './queue-sort/priority-sort.js';
import { newImageLocality } from './image-locality.js';
import { newNodeAffinity } from './node-affinity.js';
import { newNodeName } from './node-name.js';
import { newNodePorts } from './node-ports.js';
import { newNodeUnschedulable } from './node-unschedulable.js';
import { newBalancedAllocation } from './node-resources/balanced-allocation.js';
import { newFit } from './node-resources/fit.js';
import { newSchedulingGates } from './scheduling-gates.js';
import { newTaintToleration } from './taint-toleration.js';
import { newVolumeRestrictions } from './volume-restrictions.js';
import { newVolumeBinding } from './volume-binding/volume-binding.js';
import { newVolumeZone } from './volume-zone.js';
import { newInterPodAffinity } from './inter-pod-affinity/inter-pod-affinity.js';
import { newPodTopologySpread } from './pod-topology-spread/pod-topology-spread.js';
import { newDefaultPreemption } from './default-preemption.js';
import { newNodeVolumeLimits } from './node-volume-limits.js';

export const inTreeRegistry: Record<string, PluginFactory> = {
  [names.PrioritySort]: newPrioritySort,
  [names.DefaultBinder]: newDefaultBinder,
  [names.NodeName]: newNodeName,
  [names.NodeAffinity]: newNodeAffinity,
  [names.NodePorts]: newNodePorts,
  [names.NodeResourcesFit]: newFit,
  [names.NodeResourcesBalancedAllocation]: newBalancedAllocation,
  [names.NodeUnschedulable]: newNodeUnschedulable,
  [names.TaintToleration]: newTaintToleration,
  [names.ImageLocality]: newImageLocality,
  [names.SchedulingGates]: newSchedulingGates,
  [names.VolumeRestrictions]: newVolumeRestrictions,
  [names.VolumeBinding]: newVolumeBinding,
  [names.VolumeZone]: newVolumeZone,
  [names.InterPodAffinity]: newInterPodAffinity,
  [names.PodTopologySpread]: newPodTopologySpread,
  [names.DefaultPreemption]: newDefaultPreemption,
  [names.NodeVolumeLimits]: newNodeVolumeLimits,
};
