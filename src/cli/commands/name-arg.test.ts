import { nameFromArgs, type Invocation } from './name-arg.js';

const inv = (args: string[], argsLenAtDash = -1): Invocation => ({ path: 'kubesim create deployment', args, argsLenAtDash });

describe('nameFromArgs reads the one NAME before --', () => {
  it.each([
    [inv(['web']), 'web'],
    [inv(['web', 'sleep', '10'], 1), 'web'],
  ])('%j names %s', (i, name) => {
    expect(nameFromArgs(i)).toBe(name);
  });

  it.each([
    [inv([]), 0],
    [inv(['a', 'b']), 2],
    [inv(['sleep'], 0), 0],
  ])('%j is a usage error counting %i names', (i, n) => {
    expect(() => nameFromArgs(i)).toThrow(`error: exactly one NAME is required, got ${n}\nSee 'kubesim create deployment -h' for help and examples`);
  });
});
