import type { CliDeps } from '../context.js';
import { dryRunStrategy } from './dry-run.js';

function depsWithErr(): { deps: CliDeps; err: () => string } {
  let err = '';
  const deps = { err: { write: (s: string) => void (err += s) }, now: () => new Date(2025, 10, 23, 12, 3, 4, 5) } as unknown as CliDeps;
  return { deps, err: () => err };
}

describe('dryRunStrategy reads --dry-run as cmdutil.GetDryRunStrategy', () => {
  it.each([
    [undefined, 'none', ''],
    ['none', 'none', ''],
    ['client', 'client', ''],
    ['server', 'server', ''],
    [true, 'client', 'helpers.go:702] --dry-run is deprecated and can be replaced with --dry-run=client.\n'],
    ['true', 'client', 'helpers.go:716] --dry-run=true is deprecated (boolean value) and can be replaced with --dry-run=client.\n'],
    ['F', 'none', 'helpers.go:719] --dry-run=F is deprecated (boolean value) and can be replaced with --dry-run=none.\n'],
  ] as const)('%j is %s', (value, strategy, warning) => {
    const { deps, err } = depsWithErr();
    expect(dryRunStrategy(value, deps)).toBe(strategy);
    if (warning) expect(err()).toMatch(new RegExp(`^W1123 12:03:04\\.005000 +\\d+ ${warning.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    else expect(err()).toBe('');
  });

  it('refuses other values with kubectl message', () => {
    expect(() => dryRunStrategy('bogus', depsWithErr().deps)).toThrow('error: Invalid dry-run value (bogus). Must be "none", "server", or "client".');
  });
});
