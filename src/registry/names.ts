/** Names from generateName: the prefix and five characters from upstream's alphabet (no vowels, no look-alikes). */

const alphanums = 'bcdfghjklmnpqrstvwxz2456789';
const maxNameLength = 63;
const randomLength = 5;
const maxGeneratedNameLength = maxNameLength - randomLength;

export function generateName(base: string, random: () => number): string {
  const prefix = base.length > maxGeneratedNameLength ? base.slice(0, maxGeneratedNameLength) : base;
  let suffix = '';
  for (let i = 0; i < randomLength; i++) suffix += alphanums[Math.floor(random() * alphanums.length)];
  return prefix + suffix;
}
