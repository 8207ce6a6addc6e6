/**
 * Which files in the static pod folder the kubelet reads. Upstream reads every entry whose name does not start with
 * '.' (pkg/kubelet/config/file.go globs `[^.]*`), whatever its extension: `kube-apiserver.yaml.bak` or `notes.txt`
 * are read too (a backup copy left in the folder runs as a pod, a text file is reported as unparsable), and so
 * they are here. Editors' temporary files are the one exception, as the issue asks: on a real node they are read
 * in passing and usually vanish before the next listing; here they are never read at all.
 */

/** Names editors write next to the file being saved: backups, swap files, write tests, autosaves. */
const EDITOR_TEMPORARY: readonly RegExp[] = [
  /~$/, // vim and emacs backups (`static-web.yaml~`)
  /\.(swp|swo|swx|swn)$/, // vim swap files (usually dot-prefixed already)
  /^4913$/, // vim's "can I write here" probe
  /^#.*#$/, // emacs autosave
  /\.tmp$/, // write-then-rename temporaries
  /___jb_(tmp|old)___$/, // JetBrains safe write
  /\.kate-swp$/,
  /\.crswap$/,
];

/** Whether the kubelet reads this directory entry as a manifest candidate. */
export function isManifestCandidate(name: string): boolean {
  if (name.startsWith('.')) return false;
  return !EDITOR_TEMPORARY.some((re) => re.test(name));
}
