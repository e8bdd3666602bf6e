// The columns of a rates task and the fields of a rate document (kt_rates ?DOC_FIELDS, Kazoo 4.3).

/** Required in every CSV row and every rate (kzd_rates schema). */
export const RATE_MANDATORY_FIELDS = ['prefix', 'rate_cost'] as const;

/** kt_rates import's optional list in Kazoo 4.3 (the seed's list plus caller_id_numbers and rate_suffix). */
export const RATE_OPTIONAL_FIELDS = [
  'account_id',
  'caller_id_numbers',
  'carrier',
  'description',
  'direction',
  'internal_rate_cost',
  'iso_country_code',
  'options',
  'rate_increment',
  'rate_minimum',
  'rate_name',
  'rate_nocharge_time',
  'rate_suffix',
  'rate_surcharge',
  'rate_version',
  'ratedeck_id',
  'routes',
  'weight',
] as const;

/** Columns also read from a CSV (the seed's field table names the private ones): internal cost and surcharge. */
export const RATE_COLUMN_ALIASES: Readonly<Record<string, string>> = {
  pvt_rate_cost: 'internal_rate_cost',
  pvt_internal_rate_cost: 'internal_rate_cost',
  pvt_rate_surcharge: 'internal_surcharge',
  internal_surcharge: 'internal_surcharge',
};

/** Every column an export writes, in kt_rates order. */
export const RATE_DOC_FIELDS = [...RATE_MANDATORY_FIELDS, ...RATE_OPTIONAL_FIELDS] as const;
