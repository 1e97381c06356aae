import { OutageLogger, ThrottleOutage } from './throttle-outage';

class RecordingLogger implements OutageLogger {
  readonly lines: Array<['warn' | 'log', string]> = [];
  warn(message: string): void {
    this.lines.push(['warn', message]);
  }
  log(message: string): void {
    this.lines.push(['log', message]);
  }
}

describe(ThrottleOutage.name, () => {
  it('warns once when an outage starts and logs once when it ends', () => {
    const logger = new RecordingLogger();
    const sut = new ThrottleOutage(logger, 'PostgreSQL');

    sut.succeeded();
    for (let request = 0; request < 5; request++) sut.failedOpen(new Error('connect ECONNREFUSED'));
    sut.succeeded();
    sut.succeeded();

    expect(logger.lines.map(([level]) => level)).toEqual(['warn', 'log']);
    expect(logger.lines[0][1]).toContain('ECONNREFUSED');
  });

  it('warns again for the next outage', () => {
    const logger = new RecordingLogger();
    const sut = new ThrottleOutage(logger, 'Redis');

    sut.failedOpen(new Error('first'));
    sut.succeeded();
    sut.failedOpen(new Error('second'));

    expect(logger.lines.map(([level]) => level)).toEqual(['warn', 'log', 'warn']);
  });
});
