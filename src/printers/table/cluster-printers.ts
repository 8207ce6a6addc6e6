/** Printers for scheduling, coordination and disruption kinds (printPriorityClass, printLease, printPodDisruptionBudget). */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import type { KubeObject } from '../../api/object.js';
import { int, intOrStringString, str, translateTimestampSince } from './cell-formats.js';
import { ageColumn, column, fieldDoc, kindPrinter, nameColumn, type KindPrinter } from './kind-printer.js';

const age = (obj: KubeObject, now: Date) => translateTimestampSince(obj.metadata.creationTimestamp, now);

export const priorityClassPrinter: KindPrinter = kindPrinter(
  () => {
    const pc = 'io.k8s.api.scheduling.v1.PriorityClass';
    return [
      nameColumn(),
      column('Value', 'integer', fieldDoc(pc, 'value')),
      column('Global-Default', 'boolean', fieldDoc(pc, 'globalDefault')),
      ageColumn(),
      // Priority 0 upstream although the cell is filled only for wide tables: the server always prints wide, so it shows.
      column('PreemptionPolicy', 'string', fieldDoc(pc, 'preemptionPolicy')),
    ];
  },
  (obj, now) => {
    const pc = obj as unknown as PriorityClass;
    return [str(obj.metadata.name), int(pc.value), pc.globalDefault ?? false, age(obj, now), str(pc.preemptionPolicy)];
  },
);

export const leasePrinter: KindPrinter = kindPrinter(
  () => [nameColumn(), column('Holder', 'string', fieldDoc('io.k8s.api.coordination.v1.LeaseSpec', 'holderIdentity')), ageColumn()],
  (obj, now) => [str(obj.metadata.name), str((obj as unknown as Lease).spec?.holderIdentity), age(obj, now)],
);

export const podDisruptionBudgetPrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  (obj, now) => {
    const pdb = obj as unknown as PodDisruptionBudget;
    const minAvailable = pdb.spec?.minAvailable;
    const maxUnavailable = pdb.spec?.maxUnavailable;
    return [
      str(obj.metadata.name),
      minAvailable === undefined || minAvailable === null ? 'N/A' : intOrStringString(minAvailable),
      maxUnavailable === undefined || maxUnavailable === null ? 'N/A' : intOrStringString(maxUnavailable),
      int(pdb.status?.disruptionsAllowed),
      age(obj, now),
    ];
  },
);
