/** cobra's "Did you mean this?": commands within Levenshtein distance 2 (ignoring case) of the typed word, or starting with it. */

/** cobra's ld: the Levenshtein distance of two strings, compared lower-cased. */
export function levenshtein(s: string, t: string): number {
  s = s.toLowerCase();
  t = t.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = s[i - 1] === t[j - 1] ? prev[j - 1]! : 1 + Math.min(prev[j]!, row[j - 1]!, prev[j - 1]!);
    }
    prev = row;
  }
  return prev[t.length]!;
}

/** cobra's SuggestionsFor with SuggestionsMinimumDistance 2, over the commands in the order they were added. */
export function suggestionsFor(typed: string, names: readonly string[]): string[] {
  return names.filter((name) => levenshtein(typed, name) <= 2 || name.toLowerCase().startsWith(typed.toLowerCase()));
}
