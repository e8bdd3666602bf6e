import type { SystemConfig } from '@tollgate/config';

/** system_config crossbar keys the core reads (defaults are written back on first read). */
export const CROSSBAR = 'crossbar';

export const crossbarDefaults = {
  pagination_page_size: 50,
  /** JSON request bodies. */
  max_json_body_bytes: 1_048_576,
  /** CSV uploads (ratedecks, number lists): a 1,000,000-row deck is ~60 MB. */
  max_upload_size: 268_435_456,
};

export async function pageSizeDefault(config: SystemConfig): Promise<number> {
  return config.getInteger(CROSSBAR, 'pagination_page_size', crossbarDefaults.pagination_page_size);
}

export async function jsonLimit(config: SystemConfig): Promise<number> {
  return config.getInteger(CROSSBAR, 'max_json_body_bytes', crossbarDefaults.max_json_body_bytes);
}

export async function uploadLimit(config: SystemConfig): Promise<number> {
  return config.getInteger(CROSSBAR, 'max_upload_size', crossbarDefaults.max_upload_size);
}
