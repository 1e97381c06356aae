import { epochSeconds, epochSecondsReader, SystemClock } from './clock';

describe(epochSecondsReader.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it("reads a plain SystemClock's time from the system", () => {
    jest.spyOn(Date, 'now').mockReturnValue(1_800_000_000_999);

    expect(epochSecondsReader(new SystemClock())()).toBe(1_800_000_000);
  });

  it('asks any other clock, every time', () => {
    let millis = 1_000_000;
    const read = epochSecondsReader({ now: () => new Date(millis) });

    expect(read()).toBe(1000);
    millis = 2_000_500;
    expect(read()).toBe(2000);
  });

  it('asks a SystemClock subclass or instance that brings its own now', () => {
    class FrozenClock extends SystemClock {
      override now(): Date {
        return new Date(5_000);
      }
    }
    const patched = new SystemClock();
    patched.now = () => new Date(7_000);

    expect(epochSecondsReader(new FrozenClock())()).toBe(5);
    expect(epochSecondsReader(patched)()).toBe(7);
  });

  it('agrees with epochSeconds on the system clock', () => {
    const clock = new SystemClock();
    const before = epochSeconds(clock);
    const read = epochSecondsReader(clock)();

    expect(read - before).toBeGreaterThanOrEqual(0);
    expect(read - before).toBeLessThanOrEqual(1);
  });
});
