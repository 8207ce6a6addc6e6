import { FakeClock } from '../../util/clock.js';
import { ControllerExpectations, ExpectationsTimeoutMs, UIDTrackingControllerExpectations } from './expectations.js';

describe('controller expectations', () => {
  it('a controller that never set expectations may sync', () => {
    expect(new ControllerExpectations(new FakeClock()).satisfiedExpectations('ns/rs')).toBe(true);
  });

  it('expected creations must all be observed before the controller syncs again (upstream TestControllerExpectations)', () => {
    const clock = new FakeClock();
    const e = new ControllerExpectations(clock);
    e.setExpectations('ns/rs', 3, 2);
    const seen: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      e.creationObserved('ns/rs');
      seen.push(e.satisfiedExpectations('ns/rs'));
    }
    expect(seen).toEqual([false, false, false]);
    e.deletionObserved('ns/rs');
    expect(e.satisfiedExpectations('ns/rs')).toBe(false);
    e.deletionObserved('ns/rs');
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
    // Observing more than expected keeps them satisfied; raising them makes the controller wait again.
    e.creationObserved('ns/rs');
    e.raiseExpectations('ns/rs', 2, 0);
    expect(e.getExpectations('ns/rs')).toMatchObject({ add: 1, del: 0 });
    expect(e.satisfiedExpectations('ns/rs')).toBe(false);
  });

  it('unmet expectations expire after five minutes', () => {
    const clock = new FakeClock();
    const e = new ControllerExpectations(clock);
    e.expectCreations('ns/rs', 2);
    clock.advance(ExpectationsTimeoutMs);
    expect(e.satisfiedExpectations('ns/rs')).toBe(false);
    clock.advance(1);
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
  });

  it('deleting expectations lets a new controller of the same name start clean', () => {
    const e = new ControllerExpectations(new FakeClock());
    e.expectDeletions('ns/rs', 4);
    e.deleteExpectations('ns/rs');
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
    expect(e.getExpectations('ns/rs')).toBeUndefined();
  });

  it('UID tracking counts each expected pod deletion once, whether seen as terminating or as gone (upstream TestUIDExpectations)', () => {
    const e = new UIDTrackingControllerExpectations(new FakeClock());
    e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
    e.deletionObserved('ns/rs', 'ns/a');
    e.deletionObserved('ns/rs', 'ns/a');
    e.deletionObserved('ns/rs', 'ns/unrelated');
    expect(e.satisfiedExpectations('ns/rs')).toBe(false);
    e.deletionObserved('ns/rs', 'ns/b');
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
    expect([...(e.getUIDs('ns/rs') ?? [])]).toEqual([]);
    e.deleteExpectations('ns/rs');
    expect(e.getUIDs('ns/rs')).toBeUndefined();
  });
});
