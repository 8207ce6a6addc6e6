/** Polls (real time) until check passes or the deadline passes; the last value probed explains a failure. */
export async function eventually<T>(probe: () => T, check: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = probe();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last, null, 1).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = probe();
  }
  return last;
}
