import { DatabaseUnreachableError, waitForDatabase } from './database-probe';

describe(waitForDatabase.name, () => {
  // Port 1 on the loopback refuses at once: no server, no network, no waiting.
  const refused = 'postgres://nobody:secret@127.0.0.1:1/x';

  it('tries a bounded number of times, one line per failure, then gives up in one error', async () => {
    const warn = jest.fn();

    const sut = waitForDatabase(refused, { warn }, { attempts: 3, firstDelayMs: 1 });

    await expect(sut).rejects.toBeInstanceOf(DatabaseUnreachableError);
    await expect(sut).rejects.toThrow(
      /^cannot reach the database postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/x after 3 attempts \(connect ECONNREFUSED 127\.0\.0\.1:1\): check DATABASE_URL/,
    );
    expect(warn.mock.calls.map(([line]) => String(line))).toEqual([
      expect.stringMatching(/not reachable \(attempt 1\/3: .*\); retrying in 0\.001 s$/),
      expect.stringMatching(/not reachable \(attempt 2\/3: .*\); retrying in 0\.002 s$/),
    ]);
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret');
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const warn = jest.fn(() => controller.abort(new Error('SIGINT')));

    await expect(
      waitForDatabase(refused, { warn }, { firstDelayMs: 60000, signal: controller.signal }),
    ).rejects.toThrow('SIGINT');
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
