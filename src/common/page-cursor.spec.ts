import {
  BAD_CURSOR_MESSAGE,
  decodePageCursor,
  encodePageCursor,
  keysetPage,
  MAX_CURSOR_LENGTH,
  pageCursorOrThrow,
} from './page-cursor';

const isDigits = (id: string) => /^\d+$/.test(id);
const KEY = { at: '2026-01-01T10:00:00.123456Z', id: '1042' };
const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('page-cursor', () => {
  describe(encodePageCursor.name, () => {
    it('is base64url of the JSON array [at, id], without padding', () => {
      const sut = encodePageCursor(KEY);

      expect(sut).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(JSON.parse(Buffer.from(sut, 'base64url').toString('utf8'))).toEqual([KEY.at, KEY.id]);
    });
  });

  describe(decodePageCursor.name, () => {
    it('gives back the key it was made from', () => {
      expect(decodePageCursor(encodePageCursor(KEY), isDigits)).toEqual(KEY);
    });

    it.each([
      ['empty', ''],
      ['not base64url', 'abc+/=='],
      ['not JSON', Buffer.from('not json').toString('base64url')],
      ['a JSON object', encoded({ at: KEY.at, id: KEY.id })],
      ['one member', encoded([KEY.at])],
      ['three members', encoded([KEY.at, KEY.id, 'x'])],
      ['a number id', encoded([KEY.at, 1042])],
      ['an id the list refuses', encoded([KEY.at, 'DROP TABLE'])],
      ['a time without microseconds', encoded(['2026-01-01T10:00:00.123Z', KEY.id])],
      ['a time with an offset', encoded(['2026-01-01T10:00:00.123456+01:00', KEY.id])],
      ['30 February', encoded(['2026-02-30T10:00:00.000000Z', KEY.id])],
      ['hour 24', encoded(['2026-01-01T24:00:00.000000Z', KEY.id])],
      ['a leap second', encoded(['2026-12-31T23:59:60.000000Z', KEY.id])],
      ['year 0', encoded(['0000-01-01T00:00:00.000000Z', KEY.id])],
      ['too long', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
    ])('refuses %s', (_case, cursor) => {
      expect(decodePageCursor(cursor, isDigits)).toBeUndefined();
    });

    it('accepts 29 February of a leap year', () => {
      const at = '2028-02-29T23:59:59.999999Z';
      expect(decodePageCursor(encodePageCursor({ at, id: '1' }), isDigits)).toEqual({
        at,
        id: '1',
      });
    });
  });

  describe(pageCursorOrThrow.name, () => {
    it('refuses a bad cursor as ERR_VALIDATION on the after field', () => {
      let thrown: unknown;
      try {
        pageCursorOrThrow('nonsense', isDigits);
      } catch (error) {
        thrown = error;
      }

      expect(thrown).toMatchObject({
        code: 'ERR_VALIDATION',
        details: { errors: [{ field: 'after', message: BAD_CURSOR_MESSAGE }] },
      });
    });
  });

  describe(keysetPage.name, () => {
    const rows = ['1', '2', '3'].map((id) => ({ id, at: KEY.at }));

    it('keeps `limit` rows and names the last as the next cursor when a row more came back', () => {
      const sut = keysetPage(rows, 2, (row) => row);

      expect(sut.items).toEqual(rows.slice(0, 2));
      expect(decodePageCursor(sut.nextCursor ?? '', isDigits)).toEqual({ at: KEY.at, id: '2' });
    });

    it('has no next cursor on the last page, full or empty', () => {
      expect(keysetPage(rows, 3, (row) => row)).toEqual({ items: rows, nextCursor: null });
      expect(keysetPage([], 3, (row) => row)).toEqual({ items: [], nextCursor: null });
    });
  });
});
