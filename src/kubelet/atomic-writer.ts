/**
 * The kubelet's AtomicWriter (pkg/volume/util/atomic_writer.go) for configMap, secret, downwardAPI and projected
 * volumes: the files live in a timestamped folder `..2026_11_23_12_00_00.123456789`, `..data` links to it, and each
 * top-level entry links through `..data`, so an update swaps every file at once (what `ls -la` shows in a container).
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface ProjectedFile {
  data: string | Buffer;
  /** Permission bits (defaultMode or the item's mode). */
  mode: number;
}

const dataDirName = '..data';

function timestampDirName(now: Date, nanos = 0): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `..${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}_${p(now.getUTCHours())}_${p(now.getUTCMinutes())}_${p(now.getUTCSeconds())}.${p(now.getUTCMilliseconds() * 1_000_000 + nanos, 9)}`;
}

function inside(dir: string, rel: string): string {
  const target = resolve(dir, rel);
  if (!target.startsWith(dir + sep)) throw new Error(`invalid path in projection: ${rel}`);
  return target;
}

/** Whether the projection under dir already holds exactly these files. */
function unchanged(dir: string, files: Record<string, ProjectedFile>): boolean {
  const data = join(dir, dataDirName);
  if (!existsSync(data)) return false;
  const current = listFiles(data);
  const wanted = Object.keys(files).sort();
  if (current.length !== wanted.length || current.some((f, i) => f !== wanted[i])) return false;
  for (const rel of wanted) {
    const path = join(data, rel);
    const content = readFileSync(path);
    const want = files[rel]!.data;
    if (!content.equals(typeof want === 'string' ? Buffer.from(want) : want)) return false;
    if ((lstatSync(path).mode & 0o777) !== (files[rel]!.mode & 0o777)) return false;
  }
  return true;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = lstatSync(join(dir, name));
    if (st.isDirectory()) out.push(...listFiles(join(dir, name), rel));
    else out.push(rel);
  }
  return out.sort();
}

/** Writes the projection's files into dir (created if needed); returns whether anything changed. */
export function writeProjection(dir: string, files: Record<string, ProjectedFile>, now: Date): boolean {
  mkdirSync(dir, { recursive: true });
  const root = resolve(dir);
  if (unchanged(root, files)) return false;
  let tsName = timestampDirName(now);
  for (let n = 1; existsSync(join(root, tsName)); n++) tsName = timestampDirName(now, n);
  const tsDir = join(root, tsName);
  mkdirSync(tsDir);
  for (const [rel, file] of Object.entries(files)) {
    const path = inside(tsDir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.data);
    chmodSync(path, file.mode & 0o777);
  }
  const dataLink = join(root, dataDirName);
  const oldTarget = existsLink(dataLink) ? readlinkSync(dataLink) : undefined;
  const tmpLink = join(root, '..data_tmp');
  if (existsLink(tmpLink)) unlinkSync(tmpLink);
  symlinkSync(tsName, tmpLink);
  renameSync(tmpLink, dataLink);

  const topLevel = new Set(Object.keys(files).map((rel) => rel.split('/')[0]!));
  for (const name of topLevel) {
    const link = join(root, name);
    if (existsLink(link)) continue;
    symlinkSync(join(dataDirName, name), link);
  }
  for (const name of readdirSync(root)) {
    if (name.startsWith('..') || topLevel.has(name)) continue;
    rmSync(join(root, name), { recursive: true, force: true });
  }
  if (oldTarget && oldTarget !== tsName && !relative(root, join(root, oldTarget)).includes('/')) rmSync(join(root, oldTarget), { recursive: true, force: true });
  return true;
}

function existsLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
