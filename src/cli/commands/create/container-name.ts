/** The container name kubectl create deployment derives from an image (buildPodSpec and sanitizeAndUniquify). */

/** apimachinery's utilrand alphabet: no vowels, no confusable characters. */
const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(n: number, random: () => number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphanums[Math.floor(random() * alphanums.length)];
  return out;
}

/** `registry.k8s.io/pause:3.9` -> `pause`; a name with `_` or `.` is made DNS-safe and given a random suffix. */
export function containerNameForImage(image: string, random: () => number): string {
  let name = image.split('/').pop()!;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  if (/[_.]/.test(name)) name = `${name.replace(/_/g, '-').replace(/\./g, '-')}-${randomSuffix(5, random)}`;
  return name;
}
