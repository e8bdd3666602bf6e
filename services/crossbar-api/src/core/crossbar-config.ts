import type { SystemConfig } from '@tollgate/config';
import type { BodyLimits, JsonLimits } from './body';

/** system_config crossbar keys the core reads (defaults are written back on first read). */
export const CROSSBAR = 'crossbar';

const crossbarDefaults = {
  pagination_page_size: 50,
  /** JSON request bodies. */
  max_json_body_bytes: 1_048_576,
  /** CSV uploads (ratedecks, number lists): a 1,000,000-row deck is ~60 MB. */
  max_upload_size: 268_435_456,
  /** Deepest nesting of arrays/objects in a JSON body. */
  max_json_depth: 64,
  /** A request body that sends nothing for this long is answered 408. */
  request_body_timeout_ms: 10_000,
};

export async function pageSizeDefault(config: SystemConfig): Promise<number> {
  return config.getInteger(CROSSBAR, 'pagination_page_size', crossbarDefaults.pagination_page_size);
}

export async function jsonLimits(config: SystemConfig): Promise<JsonLimits> {
  return {
    bytes: await config.getInteger(CROSSBAR, 'max_json_body_bytes', crossbarDefaults.max_json_body_bytes),
    depth: await config.getInteger(CROSSBAR, 'max_json_depth', crossbarDefaults.max_json_depth),
    idleMs: await bodyTimeoutMs(config),
  };
}

export async function uploadLimits(config: SystemConfig): Promise<BodyLimits> {
  return { bytes: await config.getInteger(CROSSBAR, 'max_upload_size', crossbarDefaults.max_upload_size), idleMs: await bodyTimeoutMs(config) };
}

async function bodyTimeoutMs(config: SystemConfig): Promise<number> {
  return config.getInteger(CROSSBAR, 'request_body_timeout_ms', crossbarDefaults.request_body_timeout_ms);
}

/**
 * Writes every crossbar default at start, so the first anonymous or refused request does not
 * (a refused request writes nothing), and admins find the keys in Fauxton from the first run.
 */
export async function writeCrossbarDefaults(config: SystemConfig): Promise<void> {
  await pageSizeDefault(config);
  await jsonLimits(config);
  await uploadLimits(config);
}
