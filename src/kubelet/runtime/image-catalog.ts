/**
 * The image catalog (images.yaml beside this file, plus a cluster's KUBESIM_HOME/images.yaml): which images exist,
 * their size, entrypoint, cmd, env and programs, and the pull errors containerd gives for those that do not.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { packageRoot } from '../../util/package-root.js';
import { parseImageReference, type ImageReference } from './image-reference.js';

export interface HttpSpec {
  /** Path (without query) -> response body with status 200. */
  paths?: Record<string, string>;
  /** Body answered with 200 for any path. */
  any?: string;
}

export interface ProgramSpec {
  run: 'serve' | 'exit' | 'exec-args';
  ports?: number[];
  docroot?: string;
  http?: HttpSpec;
  stdout?: string[];
  stderr?: string[];
  accessLog?: string;
  /** Exit code when the stop signal ends it (default 0 for servers that handle it). */
  exitOnStop?: number;
  /** For `exit`: the exit code. */
  code?: number;
  /** For `exec-args`: print stdout only when the first argument is one of these. */
  when?: string[];
  /** Exits with `code` printing `stderr` when this environment variable is empty (postgres without a password). */
  requireEnv?: { name: string; code: number; stderr?: string[] };
  /** For `serve`: a registered start-up check of its command line (program-checks.ts), e.g. `kube-scheduler`. */
  check?: string;
}

export interface ImageBase {
  shell?: string;
  bash?: string;
  files: Record<string, string>;
  dirs: string[];
}

interface ImageVariant {
  tags: string[];
  base?: string;
  size?: number;
}

export interface ImageSpec {
  repository: string;
  tags: string[];
  missing?: boolean;
  error?: string;
  size: number;
  base: string;
  preloaded?: boolean;
  entrypoint?: string[];
  cmd?: string[];
  env: string[];
  workingDir?: string;
  stopSignal?: string;
  programs: Record<string, ProgramSpec>;
  files: Record<string, string>;
  dirs: string[];
  variants?: ImageVariant[];
}

/** An image the node can run: its catalog entry (variant applied), root filesystem base and identity. */
export interface ResolvedImage {
  /** The image as written in the pod spec. */
  image: string;
  ref: ImageReference;
  spec: ImageSpec;
  base: ImageBase;
  /** `docker.io/library/nginx:latest`: containerStatuses[].image. */
  imageRef: string;
  /** `docker.io/library/nginx@sha256:...`: containerStatuses[].imageID. */
  imageID: string;
  size: number;
}

export type ImageLookup =
  | { ok: true; image: ResolvedImage }
  /** InvalidImageName: the reference does not parse (the kubelet refuses it before any pull). */
  | { ok: false; reason: 'InvalidImageName'; message: string }
  /** The pull fails: message is containerd's error. */
  | { ok: false; reason: 'ErrImagePull'; message: string };

interface CatalogFile {
  bases?: Record<string, Partial<ImageBase>>;
  images?: Array<Partial<ImageSpec> & { repository: string }>;
}

/** Registries a simulated node can reach; any other host fails name resolution as it would without DNS for it. */
const knownRegistries = new Set([
  'docker.io',
  'registry.k8s.io',
  'k8s.gcr.io',
  'gcr.io',
  'quay.io',
  'ghcr.io',
  'mcr.microsoft.com',
  'public.ecr.aws',
  'registry.gitlab.com',
  'nvcr.io',
]);

/** The shipped catalog, in the source tree (the same file for sources, dist/ and the bundled CLI). */
function builtinCatalogPath(): string {
  return join(packageRoot, 'src', 'kubelet', 'runtime', 'images.yaml');
}

const globRe = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
const matchesAny = (tag: string, patterns: readonly string[]) => patterns.some((p) => globRe(p).test(tag));

/** A stable fake digest for an image (the same on every node and run). */
export function imageDigest(repository: string, tag: string | undefined): string {
  return createHash('sha256').update(`${repository}:${tag ?? ''}`).digest('hex');
}

export class ImageCatalog {
  private constructor(
    private readonly images: ImageSpec[],
    private readonly bases: Map<string, ImageBase>,
  ) {}

  /** The shipped catalog, overridden by the given files (missing files are skipped; entries of later files win). */
  static load(extraFiles: readonly string[] = []): ImageCatalog {
    const files = [builtinCatalogPath(), ...extraFiles.filter((f) => existsSync(f))];
    const bases = new Map<string, ImageBase>();
    let images: ImageSpec[] = [];
    for (const file of files) {
      const doc = parseCatalog(readFileSync(file, 'utf8'), file);
      for (const [name, base] of Object.entries(doc.bases ?? {})) {
        bases.set(name, { shell: base.shell, bash: base.bash, files: base.files ?? {}, dirs: base.dirs ?? [] });
      }
      // Later files come first so their entries win.
      images = [...(doc.images ?? []).map(normalizeSpec), ...images];
    }
    return new ImageCatalog(images, bases);
  }

  /** Catalog from YAML text alone (tests). */
  static fromYaml(text: string, withBuiltin = true): ImageCatalog {
    const base = withBuiltin ? ImageCatalog.load() : new ImageCatalog([], new Map());
    const doc = parseCatalog(text, 'catalog');
    const bases = new Map(base.bases);
    for (const [name, b] of Object.entries(doc.bases ?? {})) bases.set(name, { shell: b.shell, bash: b.bash, files: b.files ?? {}, dirs: b.dirs ?? [] });
    return new ImageCatalog([...(doc.images ?? []).map(normalizeSpec), ...base.images], bases);
  }

  /** What pulling `image` gives: the image, or the error containerd reports. */
  lookup(image: string): ImageLookup {
    const ref = parseImageReference(image);
    if (!ref) {
      const lower = parseImageReference(image.toLowerCase());
      const detail = lower ? 'invalid reference format: repository name must be lowercase' : 'invalid reference format';
      return { ok: false, reason: 'InvalidImageName', message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${detail}` };
    }
    const pullPrefix = `failed to pull and unpack image "${ref.normalized}": failed to resolve reference "${ref.normalized}": `;
    const spec = this.images.find((s) => s.repository === ref.repository);
    if (!knownRegistries.has(ref.domain) && !spec) {
      const [host] = ref.domain.split(':');
      const reference = ref.digest ?? ref.tag ?? 'latest';
      return {
        ok: false,
        reason: 'ErrImagePull',
        message: `${pullPrefix}failed to do request: Head "https://${ref.domain}/v2/${ref.path}/manifests/${reference}": dial tcp: lookup ${host} on 127.0.0.53:53: no such host`,
      };
    }
    if (!spec || spec.missing) {
      if (spec?.error) return { ok: false, reason: 'ErrImagePull', message: `${pullPrefix}${spec.error}` };
      if (ref.domain === 'docker.io') {
        return {
          ok: false,
          reason: 'ErrImagePull',
          message: `${pullPrefix}pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
        };
      }
      return { ok: false, reason: 'ErrImagePull', message: `${pullPrefix}${ref.normalized}: not found` };
    }
    if (ref.tag && !matchesAny(ref.tag, spec.tags)) return { ok: false, reason: 'ErrImagePull', message: `${pullPrefix}${ref.normalized}: not found` };
    const variant = ref.tag ? spec.variants?.find((v) => matchesAny(ref.tag!, v.tags)) : undefined;
    const effective: ImageSpec = variant ? { ...spec, base: variant.base ?? spec.base, size: variant.size ?? spec.size } : spec;
    const base = this.bases.get(effective.base) ?? { files: {}, dirs: [] };
    const digest = ref.digest ? ref.digest.replace(/^sha256:/, '') : imageDigest(ref.repository, ref.tag);
    return {
      ok: true,
      image: {
        image,
        ref,
        spec: effective,
        base,
        imageRef: ref.digest ? `${ref.repository}@${ref.digest}` : `${ref.repository}:${ref.tag}`,
        imageID: `${ref.repository}@sha256:${digest}`,
        size: effective.size,
      },
    };
  }

  /** Images every node has without pulling (kubeadm's pre-pulled images). */
  preloaded(): string[] {
    return this.images.filter((s) => s.preloaded).map((s) => s.repository);
  }
}

function parseCatalog(text: string, file: string): CatalogFile {
  const doc = load(text) as CatalogFile | null;
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || (doc.images !== undefined && !Array.isArray(doc.images))) throw new Error(`${file}: an image catalog is a mapping with an \`images\` list`);
  for (const [i, img] of (doc.images ?? []).entries()) {
    if (!img || typeof img.repository !== 'string') throw new Error(`${file}: images[${i}].repository is required`);
  }
  return doc;
}

function normalizeSpec(raw: Partial<ImageSpec> & { repository: string }): ImageSpec {
  const ref = parseImageReference(raw.repository);
  return {
    ...raw,
    repository: ref ? ref.repository : raw.repository,
    tags: (raw.tags ?? ['*']).map(String),
    size: raw.size ?? 0,
    base: raw.base ?? 'distroless',
    env: raw.env ?? [],
    programs: raw.programs ?? {},
    files: raw.files ?? {},
    dirs: raw.dirs ?? [],
  };
}
