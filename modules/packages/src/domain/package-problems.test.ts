import { packageProblems } from './package-problems';

test('a well-formed package has no problems', () => {
  expect(
    packageProblems({
      overrides: [{ prefix: '44', rate_cost: 0.02 }, { iso_country_code: 'FR', rate_cost: 0.03 }],
      free_zones: [{ iso_country_code: 'CA' }, { prefix: '1800' }, { max_rate_cost: 0.005 }],
    }),
  ).toBeUndefined();
});

test('an unknown country is named with its field', () => {
  expect(packageProblems({ free_zones: [{ iso_country_code: 'CA' }, { iso_country_code: 'QQ' }] })).toEqual({
    'package.free_zones.1.iso_country_code': { enum: { message: 'unknown country "QQ": not an ISO 3166-1 alpha-2 code', value: 'QQ' } },
  });
  expect(Object.keys(packageProblems({ overrides: [{ iso_country_code: 'UK', rate_cost: 1 }] }) ?? {})).toEqual(['package.overrides.0.iso_country_code']);
});

test('an entry names exactly one area', () => {
  expect(packageProblems({ overrides: [{ prefix: '44', iso_country_code: 'GB', rate_cost: 0.02 }] })).toEqual({
    'package.overrides.0': { oneOf: { message: 'each entry of package.overrides names exactly one of prefix, iso_country_code; got prefix and iso_country_code' } },
  });
  expect(Object.keys(packageProblems({ free_zones: [{}] }) ?? {})).toEqual(['package.free_zones.0']);
});
