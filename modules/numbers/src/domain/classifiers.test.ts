import { type Classifier, classifierFor, classifiersFromConfig, classifyNumber, defaultClassifiers } from './classifiers';
import { US_AREA_CODES } from '@tollgate/testing';
import { normalizeNumber } from './e164';

const classifiers = defaultClassifiers();

function classOf(input: string): string | undefined {
  return classifyNumber(normalizeNumber(input) ?? input, classifiers);
}

describe("Kazoo's default classifiers, first match wins", () => {
  test('come in Kazoo order', () => {
    expect(classifiers.map((c) => c.name)).toEqual(['tollfree_us', 'toll_us', 'emergency', 'caribbean', 'did_us', 'international', 'unknown']);
  });

  test.each([
    // US DIDs (San Francisco, New York, Chicago) however they are written
    ['4158867900', 'did_us'],
    ['+1 (212) 555-0142', 'did_us'],
    ['13125550186', 'did_us'],
    // toll-free: 800, 888, 877, 866, 855, 844, 833
    ['1-800-555-0199', 'tollfree_us'],
    ['+18885551212', 'tollfree_us'],
    ['8775550100', 'tollfree_us'],
    ['+18665550100', 'tollfree_us'],
    ['8555550100', 'tollfree_us'],
    ['+18445550100', 'tollfree_us'],
    ['+18335550100', 'tollfree_us'],
    // premium
    ['+19005550100', 'toll_us'],
    // Caribbean NANP: Jamaica, Puerto Rico, Bahamas, Barbados, Trinidad, Dominican Republic
    ['+18769991234', 'caribbean'],
    ['7875550100', 'caribbean'],
    ['12423221234', 'caribbean'],
    ['+12464301234', 'caribbean'],
    ['+18686251234', 'caribbean'],
    ['8095550100', 'caribbean'],
    // international: UK, France, Germany, Australia
    ['+442079460000', 'international'],
    ['00442079460000', 'international'],
    ['+33142685300', 'international'],
    ['011493012345678', 'international'],
    ['+61293744000', 'international'],
    // emergency and N11 codes
    ['911', 'emergency'],
    ['933', 'emergency'],
    ['988', 'emergency'],
    ['711', 'emergency'],
    // short codes and extensions
    ['411', 'unknown'],
    ['611', 'unknown'],
    ['*97', 'unknown'],
    ['2001', 'unknown'],
    ['12345', 'unknown'],
  ])('%s is %s', (input, cls) => {
    expect(classOf(input)).toBe(cls);
  });

  test('toll-free wins over did_us although both regexes match an 800 number', () => {
    const didUs = classifiers.find((c) => c.name === 'did_us') as Classifier;
    expect(new RegExp(didUs.regex).test('+18005550199')).toBe(true);
    expect(classifyNumber('+18005550199', classifiers)).toBe('tollfree_us');
  });

  test('the order of system_config decides: put did_us first and 800 numbers are DIDs', () => {
    const reordered = classifiersFromConfig({
      did_us: { regex: '^(\\+?1)?([2-9][0-9]{2}[2-9][0-9]{6})$' },
      tollfree_us: { regex: '^\\+1(800\\d{7})$' },
    });
    expect(classifyNumber('+18005550199', reordered)).toBe('did_us');
  });

  test('classifierFor gives the friendly name and pretty print of the class', () => {
    expect(classifierFor('+14158867900', classifiers)).toMatchObject({ name: 'did_us', friendly_name: 'US DID', pretty_print: 'SS(###) ### - ####' });
    expect(classifierFor('911', classifiers)).toMatchObject({ name: 'emergency', emergency: true });
  });
});

describe('classifiersFromConfig (correct_depreciated_classifiers)', () => {
  test('a bare regex string is a classifier named after its key', () => {
    expect(classifiersFromConfig({ uk: '^\\+44' })).toEqual([{ name: 'uk', regex: '^\\+44', friendly_name: 'uk' }]);
  });

  test('a classifier without friendly_name gets its name; one without regex is dropped', () => {
    expect(classifiersFromConfig({ a: { regex: '^1' }, b: { friendly_name: 'B' }, c: 7 })).toEqual([{ name: 'a', regex: '^1', friendly_name: 'a' }]);
  });

  test('a regex JavaScript cannot compile classifies nothing, the next one still does', () => {
    const list = classifiersFromConfig({ broken: { regex: '(?<' }, all: { regex: '.' } });
    expect(classifyNumber('+14158867900', list)).toBe('all');
  });

  test('no classifiers: no class', () => {
    expect(classifyNumber('+14158867900', [])).toBeUndefined();
    expect(classifiersFromConfig(null)).toEqual([]);
    expect(classifiersFromConfig(['x'])).toEqual([]);
  });
});

test('every area code the tests draw numbers from is a US DID', () => {
  for (const npa of US_AREA_CODES) expect([npa, classifyNumber(`+1${npa}5550100`, classifiers)]).toEqual([npa, 'did_us']);
});
