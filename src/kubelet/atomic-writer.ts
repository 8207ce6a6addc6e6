/**
 * The kubelet's AtomicWriter (pkg/volume/util/atomic_writer.go) for configMap, secret, downwardAPI and projected
 * volumes: the files live in a timestamped folder `..2026_11_23_12_00_00.123456789`, `..data` links to it, and each
 * top-level entry links through `..data`, so an update swaps every file at once (what `ls -la` shows in a container).
 */
import { chmod, lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
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
async function unchanged(dir: string, files: Record<string, ProjectedFile>): Promise<boolean> {
  const data = join(dir, dataDirName);
  if (!(await existsLink(data))) return false;
  const current = await listFiles(data);
  const wanted = Object.keys(files).sort();
  if (current.length !== wanted.length || current.some((f, i) => f !== wanted[i])) return false;
  for (const rel of wanted) {
    const path = join(data, rel);
    const content = await readFile(path);
    const want = files[rel]!.data;
    if (!content.equals(typeof want === 'string' ? Buffer.from(want) : want)) return false;
    if (((await lstat(path)).mode & 0o777) !== (files[rel]!.mode & 0o777)) return false;
  }
  return true;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = await lstat(join(dir, name));
    if (st.isDirectory()) out.push(...(await listFiles(join(dir, name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

/**
 * Writes the projection's files into dir (created if needed); returns whether anything changed. Asynchronous: creating
 * folders, files and links takes milliseconds each on some disks, and a node sets up many pods at once.
 */
export async function writeProjection(dir: string, files: Record<string, ProjectedFile>, now: Date): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  const root = resolve(dir);
  if (await unchanged(root, files).catch(() => false)) return false;
  let tsName = timestampDirName(now);
  for (let n = 1; await existsLink(join(root, tsName)); n++) tsName = timestampDirName(now, n);
  const tsDir = join(root, tsName);
  await mkdir(tsDir);
  for (const [rel, file] of Object.entries(files)) {
    const path = inside(tsDir, rel);
    if (dirname(path) !== tsDir) await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.data, { mode: file.mode & 0o777 });
    await chmod(path, file.mode & 0o777);
  }
  const dataLink = join(root, dataDirName);
  const oldTarget = (await existsLink(dataLink)) ? await readlink(dataLink) : undefined;
  const tmpLink = join(root, '..data_tmp');
  if (await existsLink(tmpLink)) await unlink(tmpLink);
  await symlink(tsName, tmpLink);
  await rename(tmpLink, dataLink);

  const topLevel = new Set(Object.keys(files).map((rel) => rel.split('/')[0]!));
  for (const name of topLevel) {
    const link = join(root, name);
    if (await existsLink(link)) continue;
    await symlink(join(dataDirName, name), link);
  }
  for (const name of await readdir(root)) {
    if (name.startsWith('..') || topLevel.has(name)) continue;
    await rm(join(root, name), { recursive: true, force: true });
  }
  if (oldTarget && oldTarget !== tsName && !relative(root, join(root, oldTarget)).includes('/')) await rm(join(root, oldTarget), { recursive: true, force: true });
  return true;
}

async function existsLink(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
