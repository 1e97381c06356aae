import { booleanParam, capped, integerParam } from './query-params';

describe('query-params', () => {
  describe(integerParam.name, () => {
    it.each([
      ['0', 0],
      ['20', 20],
      ['-1', -1],
    ])('converts %j', (input, expected) => {
      expect(integerParam(input)).toBe(expected);
    });

    it.each([['1.5'], ['1e3'], [''], [' 1'], ['0x10'], ['12345678901234567']])(
      'leaves %j for the validators',
      (input) => {
        expect(integerParam(input)).toBe(input);
      },
    );

    it('leaves a repeated parameter as an array', () => {
      expect(integerParam(['1', '2'])).toEqual(['1', '2']);
    });
  });

  describe(booleanParam.name, () => {
    it('converts exactly "true" and "false"', () => {
      expect(booleanParam('true')).toBe(true);
      expect(booleanParam('false')).toBe(false);
    });

    it.each([['1'], ['yes'], ['TRUE'], ['']])('leaves %j for the validators', (input) => {
      expect(booleanParam(input)).toBe(input);
    });
  });

  describe(capped.name, () => {
    it('caps an integer above the maximum', () => {
      expect(capped(1000, 100)).toBe(100);
    });

    it.each([[100], [1], [0], [-5], ['abc'], [1.5]])('leaves %j as it is', (input) => {
      expect(capped(input, 100)).toBe(input);
    });
  });
});
