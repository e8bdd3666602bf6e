import fc from 'fast-check';
import { classifyNumber, defaultClassifiers } from './classifiers';
import { isReconcilable, normalizeNumber, toE164 } from './e164';

describe('normalizeNumber (knm_converters:normalize + reconcile_regex)', () => {
  test.each([
    ['4158867900', '+14158867900'],
    ['14158867900', '+14158867900'],
    ['+14158867900', '+14158867900'],
    ['(415) 886-7900', '+14158867900'],
    ['+1 415.886.7900', '+14158867900'],
    ['tel:+1-415-886-7900', '+14158867900'],
    ['1-800-555-0199', '+18005550199'],
    ['8769991234', '+18769991234'],
    ['+442079460000', '+442079460000'],
    ['00442079460000', '+442079460000'],
    ['011442079460000', '+442079460000'],
    ['33142685300', '+33142685300'],
  ])('%s → %s', (input, e164) => {
    expect(normalizeNumber(input)).toBe(e164);
  });

  test.each([
    ['911'],
    ['411'],
    ['*97'],
    ['1234'],
    ['5551234'],
    ['12345'],
    [''],
    ['   '],
    ['abc'],
    ['+1'],
    ['0112'],
    ['+0441234567'],
    ['+1234567890123456'],
  ])('%j is not a number the system keeps', (input) => {
    expect(normalizeNumber(input)).toBeUndefined();
  });

  test('a UK national number needs a default country (libphonenumber), which Kazoo does not have', () => {
    expect(normalizeNumber('020 7946 0000')).toBeUndefined();
    expect(normalizeNumber('020 7946 0000', { defaultCountry: 'GB' })).toBe('+442079460000');
    expect(normalizeNumber('07700 900123', { defaultCountry: 'gb' })).toBe('+447700900123');
  });

  test('system_config converters and reconcile_regex replace the defaults', () => {
    const converters = { '^0(\\d{9})$': { prefix: '+33' } };
    const reconcileRegex = '^\\+33\\d{9}$';
    expect(normalizeNumber('0142685300', { converters, reconcileRegex })).toBe('+33142685300');
    expect(normalizeNumber('+14158867900', { converters, reconcileRegex })).toBeUndefined();
  });

  test('toE164 leaves what no converter knows (Kazoo keeps extensions as they are)', () => {
    expect(toE164('911')).toBe('911');
    expect(toE164('2001')).toBe('2001');
    expect(isReconcilable('2001')).toBe(false);
  });

  test('a converter regex JavaScript cannot compile matches nothing instead of throwing', () => {
    expect(normalizeNumber('4158867900', { converters: { '(?<': { prefix: '+' }, '^(\\d{10})$': { prefix: '+1' } } })).toBe('+14158867900');
  });
});

describe('normalizeNumber properties', () => {
  const digit = (from: number) => fc.integer({ min: from, max: 9 }).map(String);
  const nanp = fc.tuple(digit(2), digit(0), digit(0), digit(2), fc.array(digit(0), { minLength: 6, maxLength: 6 })).map(
    ([a, b, c, d, rest]) => `${a}${b}${c}${d}${rest.join('')}`,
  );
  const separators = fc.constantFrom('', ' ', '-', '.', ' - ');

  test('any NANP number, however it is written, becomes +1 and its ten digits', () => {
    fc.assert(
      fc.property(nanp, separators, fc.boolean(), (ten, sep, withOne) => {
        const written = `${withOne ? `1${sep}` : ''}${ten.slice(0, 3)}${sep}${ten.slice(3, 6)}${sep}${ten.slice(6)}`;
        expect(normalizeNumber(written)).toBe(`+1${ten}`);
      }),
    );
  });

  test('a result is E.164 and normalising it again changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '2', '4', '8', '9', '+', ' ', '-', '(', ')', '*', '#') }), (s) => {
        const n = normalizeNumber(s);
        if (n === undefined) return;
        expect(n).toMatch(/^\+[1-9]\d{6,14}$/);
        expect(normalizeNumber(n)).toBe(n);
      }),
    );
  });

  test('with the default classifiers every string has a class (unknown catches the rest)', () => {
    const classifiers = defaultClassifiers();
    fc.assert(fc.property(fc.string(), (s) => expect(classifyNumber(s, classifiers)).toBeDefined()));
  });
});
