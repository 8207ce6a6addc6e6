import type { Pod } from 'kubernetes-types/core/v1.js';
import { Code } from '../framework/interface.js';
import { makePod } from '../testing/pod-wrapper.js';
import { SchedulingGates } from './scheduling-gates.js';

// Cases from upstream schedulinggates/scheduling_gates_test.go.
const gated = (...names: string[]): Pod => {
  const p = makePod().name('p').obj();
  p.spec!.schedulingGates = names.map((name) => ({ name }));
  return p;
};

describe('SchedulingGates PreEnqueue', () => {
  it.each<{ name: string; pod: Pod; want: { code: number; reasons: string[] } }>([
    { name: 'pod does not carry scheduling gates', pod: makePod().name('p').obj(), want: { code: Code.Success, reasons: [] } },
    { name: 'pod carries scheduling gates', pod: gated('foo', 'bar'), want: { code: Code.UnschedulableAndUnresolvable, reasons: ['waiting for scheduling gates: [foo bar]'] } },
    { name: 'pod with one gate names it', pod: gated('example.com/wait'), want: { code: Code.UnschedulableAndUnresolvable, reasons: ['waiting for scheduling gates: [example.com/wait]'] } },
  ])('$name', ({ pod, want }) => {
    const st = new SchedulingGates().preEnqueue(pod);
    expect({ code: st.code, reasons: st.reasons }).toEqual(want);
  });
});
