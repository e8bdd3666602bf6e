// Kazoo 4.3's response envelope (api_util:do_create_resp_envelope).
import { createHash } from 'node:crypto';
import type { KazooError } from '@tollgate/errors';

const KAZOO_VERSION = '4.3.0';

export interface EnvelopeBase {
  authToken: string;
  requestId: string;
  node: string;
}

export interface PageInfo {
  page_size: number;
  start_key?: string;
  next_start_key?: string;
}

/** Kazoo shows the node as base64url(md5(node name)) so it does not leak host names. */
export function encodeNode(node: string): string {
  return createHash('md5').update(node).digest('base64url');
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function successEnvelope(base: EnvelopeBase, data: unknown, extra: { revision?: string; page?: PageInfo } = {}): Record<string, unknown> {
  return {
    auth_token: base.authToken,
    data,
    ...(extra.page ?? {}),
    node: base.node,
    request_id: base.requestId,
    // Kazoo sends the response's etag as a string, "undefined" when there is none.
    revision: extra.revision || 'undefined',
    status: 'success',
    timestamp: timestamp(),
    version: KAZOO_VERSION,
  };
}

export function errorEnvelope(base: EnvelopeBase, err: KazooError): Record<string, unknown> {
  return {
    auth_token: base.authToken,
    data: err.data,
    error: String(err.code),
    message: err.envelopeMessage,
    node: base.node,
    request_id: base.requestId,
    status: 'error',
    timestamp: timestamp(),
    version: KAZOO_VERSION,
  };
}
