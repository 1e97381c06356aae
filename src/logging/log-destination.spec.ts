import { Writable } from 'node:stream';
import { logDestination, prettyMessage } from './log-destination';

let mockPrettyLoads = 0;
jest.mock('pino-pretty', () => {
  mockPrettyLoads += 1;
  return jest.requireActual<typeof import('pino-pretty')>('pino-pretty');
});

describe(logDestination.name, () => {
  it('writes JSON lines without loading the prettifier', () => {
    const destination = logDestination('json');

    expect(mockPrettyLoads).toBe(0);
    expect(destination).not.toBeInstanceOf(Writable);
  });

  it('loads pino-pretty only when pretty is chosen', () => {
    const destination = logDestination('pretty');

    expect(mockPrettyLoads).toBe(1);
    expect(destination).toBeInstanceOf(Writable);
  });
});

describe('prettyMessage', () => {
  it('shows the context, the message and the request id on one line', () => {
    expect(
      prettyMessage(
        { context: 'KeyRotationService', msg: 'Rotated signing keys', reqId: 'r-7' },
        'msg',
        'info',
        { colors: {} as never },
      ),
    ).toBe('[KeyRotationService] Rotated signing keys (r-7)');
    expect(
      prettyMessage({ msg: 'Warden is listening' }, 'msg', 'info', { colors: {} as never }),
    ).toBe('Warden is listening');
  });
});
