import { Logger } from '@nestjs/common';
import { AllowedOriginsCache } from './allowed-origins.cache';

/** A load the test finishes when it chooses. */
class PendingLoads {
  private readonly pending: {
    resolve: (origins: string[]) => void;
    reject: (error: Error) => void;
  }[] = [];

  readonly load = (): Promise<string[]> =>
    new Promise((resolve, reject) => this.pending.push({ resolve, reject }));

  finish(index: number, origins: string[]): void {
    this.pending[index].resolve(origins);
  }

  fail(index: number): void {
    this.pending[index].reject(new Error('connection refused'));
  }
}

describe(AllowedOriginsCache.name, () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('knows nothing before its first load, then exactly what was loaded', async () => {
    const loads = new PendingLoads();
    const sut = new AllowedOriginsCache(loads.load);

    const refreshed = sut.refresh();
    expect(sut.has('https://app.example.com')).toBe(false);
    loads.finish(0, ['https://app.example.com']);
    await refreshed;

    expect(sut.has('https://app.example.com')).toBe(true);
    expect(sut.has('https://app.example.com/')).toBe(false);
    expect(sut.has('https://other.example.com')).toBe(false);
  });

  it('drops an older load that finishes after a newer one', async () => {
    const loads = new PendingLoads();
    const sut = new AllowedOriginsCache(loads.load);

    const older = sut.refresh();
    const newer = sut.refresh();
    loads.finish(1, ['https://new.example.com']);
    await newer;
    loads.finish(0, ['https://old.example.com']);
    await older;

    expect(sut.has('https://new.example.com')).toBe(true);
    expect(sut.has('https://old.example.com')).toBe(false);
  });

  it('keeps the last set when a load fails, and warns once per outage', async () => {
    const loads = new PendingLoads();
    const sut = new AllowedOriginsCache(loads.load);
    const first = sut.refresh();
    loads.finish(0, ['https://app.example.com']);
    await first;

    const failures = [sut.refresh(), sut.refresh()];
    loads.fail(1);
    loads.fail(2);
    await Promise.all(failures);

    expect(sut.has('https://app.example.com')).toBe(true);
    expect(Logger.prototype.warn).toHaveBeenCalledTimes(1);
  });
});
