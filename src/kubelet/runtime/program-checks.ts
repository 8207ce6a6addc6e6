/**
 * Start-up checks of catalog programs, registered by name by the part of kubesim that knows the real binary's flags
 * (the daemon registers kube-scheduler's): a failed check prints what the real binary prints and exits with its
 * code, so a broken static-pod manifest crash-loops as it does on a kubeadm node. Unregistered checks pass.
 */

/** What a program that fails to start prints on stderr, and its exit code. */
export interface ProgramFailure {
  stderr: string;
  code: number;
}

/** Checks argv (binary first) with the container's files; undefined when the program starts. */
export type ProgramCheck = (argv: readonly string[], readFile: (path: string) => Promise<string>) => Promise<ProgramFailure | undefined>;

const checks = new Map<string, ProgramCheck>();

export function registerProgramCheck(name: string, check: ProgramCheck): void {
  checks.set(name, check);
}

export function programCheck(name: string): ProgramCheck | undefined {
  return checks.get(name);
}
