/** Options of pod (spec) validation, as core's PodValidationOptions, with 1.32's feature-gate defaults. */
export interface PodValidationOptions {
  /** The resource is a Pod, not a template inside a workload (hostPort must equal containerPort on hostNetwork). */
  resourceIsPod?: boolean;
  /** Keep accepting an invalid pod-deletion-cost annotation an old object already had. */
  allowInvalidPodDeletionCost?: boolean;
  /** Keep accepting invalid label values in selectors an old object already had. */
  allowInvalidLabelValueInSelector?: boolean;
  /** Keep accepting an invalid topologySpreadConstraints labelSelector an old object already had. */
  allowInvalidTopologySpreadConstraintLabelSelector?: boolean;
  /** Keep accepting non-local projected token paths an old object already had. */
  allowNonLocalProjectedTokenPath?: boolean;
  /** Keep accepting namespaced sysctls on hostNetwork/hostIPC pods an old object already had. */
  allowNamespacedSysctlsForHostNetAndHostIPC?: boolean;
  /** Keep accepting hugepage values that are not a multiple of the page size. */
  allowIndivisibleHugePagesValues?: boolean;
  /** RelaxedEnvironmentVariableValidation (beta, on by default in 1.32); false selects the strict C-identifier-like rule. */
  allowRelaxedEnvironmentVariableValidation?: boolean;
}

/** The options a fresh object gets in 1.32 (feature gates at their defaults, no old object to be lenient about). */
export const defaultPodValidationOptions = (resourceIsPod = false): PodValidationOptions => ({
  resourceIsPod,
  allowRelaxedEnvironmentVariableValidation: true,
});
