import { Logger } from '@nestjs/common';
import { AppLogger } from './app-logger.service';
import { createLogger } from './create-logger';
import { LogCapture } from './log-capture';
import { runInRequest } from './request-context';

const DEBUG = 20;
const INFO = 30;
const ERROR = 50;

describe(AppLogger.name, () => {
  let capture: LogCapture;
  let sut: AppLogger;

  beforeEach(() => {
    capture = new LogCapture();
    sut = new AppLogger(createLogger({ logLevel: 'trace', logFormat: 'json' }, capture));
  });

  it('writes a Nest logger line with its context', () => {
    sut.log('Rotated signing keys', 'KeyRotationService');

    expect(capture.lines).toEqual([
      expect.objectContaining({
        level: INFO,
        service: 'warden',
        context: 'KeyRotationService',
        msg: 'Rotated signing keys',
      }),
    ]);
  });

  it.each(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication'])(
    "puts Nest's start-up narration (%s) at debug",
    (context) => {
      sut.log('Mapped {/keys, GET} route', context);
      sut.warn('something worth a warning', context);

      expect(capture.lines.map((line) => line.level)).toEqual([DEBUG, 40]);
    },
  );

  it("keeps the stack Nest's ExceptionsHandler passes as a second string", () => {
    const error = new Error('boom');
    sut.error('boom', error.stack, 'ExceptionsHandler');

    expect(capture.lines[0]).toMatchObject({
      level: ERROR,
      context: 'ExceptionsHandler',
      msg: 'boom',
      err: { message: 'boom', stack: error.stack },
    });
  });

  it('takes an object with a message, as pino does', () => {
    sut.error({ err: new Error('db down'), requestId: 'r-1' }, 'Unhandled error', 'Filter');

    expect(capture.lines[0]).toMatchObject({
      context: 'Filter',
      requestId: 'r-1',
      msg: 'Unhandled error',
      err: { type: 'Error', message: 'db down' },
    });
  });

  it('takes an Error as the message', () => {
    sut.error(new Error('bad thing'), 'Somewhere');

    expect(capture.lines[0]).toMatchObject({ msg: 'bad thing', err: { message: 'bad thing' } });
  });

  it("serves as Nest's logger, context and request id included", () => {
    Logger.overrideLogger(sut);
    try {
      runInRequest('req-42', () => new Logger('CredentialsService').warn('Login failed'));
      new Logger('Elsewhere').error('no request here');
    } finally {
      Logger.overrideLogger(false);
    }

    expect(capture.lines).toEqual([
      expect.objectContaining({ context: 'CredentialsService', reqId: 'req-42', level: 40 }),
      expect.not.objectContaining({ reqId: expect.anything() }),
    ]);
    expect(capture.lines[1]).toMatchObject({ context: 'Elsewhere', msg: 'no request here' });
  });

  it('censors credentials wherever they sit in a logged object', () => {
    sut.log({ password: 'hunter2', body: { client_secret: 's3cret', refreshToken: 'rt' } }, 'x');
    sut.log({ req: { headers: { authorization: 'Bearer eyJabc', cookie: 'sid=1' } } }, 'y');

    expect(capture.text()).not.toMatch(/hunter2|s3cret|"rt"|eyJabc|sid=1/);
    expect(capture.lines[0]).toMatchObject({ password: '[redacted]' });
  });
});
