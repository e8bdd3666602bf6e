// kapi_conf (core/kazoo_amqp/src/api/kapi_conf.erl): document and database change events on the
// `configuration` exchange, routing key `<action>.<db>.<type>.<id>` (kz_amqp_util:document_routing_key).
import { defineApi } from '../api';
import { encodeRoutingKeyWord } from '../routing-key';
import type { Bus, KazooMessage } from '../types';

export type DocAction = 'created' | 'edited' | 'deleted';

export const DOC_EVENT_NAMES = [
  'doc_edited',
  'doc_created',
  'doc_deleted',
  'db_edited',
  'db_created',
  'db_deleted',
  'db_views_updated',
] as const;

/** kapi_conf:doc_update: required ID and Database. */
export const docUpdate = defineApi({
  eventCategory: 'configuration',
  eventName: DOC_EVENT_NAMES,
  required: ['ID', 'Database'],
  optional: [
    'Account-ID',
    'Date-Created',
    'Date-Modified',
    'Doc',
    'Is-Soft-Deleted',
    'Rev',
    'Type',
    'Version',
    'Origin-Cache',
  ],
  types: { ID: 'string', Rev: 'string', 'Is-Soft-Deleted': 'boolean' },
});

/** kapi_conf:doc_type_update, routed as `configuration.doc_type_update.<type>`. */
export const docTypeUpdate = defineApi({
  eventCategory: 'configuration',
  eventName: 'doc_type_update',
  required: ['Type'],
  optional: ['Action', 'Account-ID'],
});

/**
 * kz_amqp_util:document_routing_key/4. `action` is created/edited/deleted (prefixed `doc_`, or `db_`
 * when type is "database"), an already prefixed `doc_…`/`db_…` name, or `*`. The id is encoded;
 * the database name is used as given (Kazoo passes account dbs in their encoded form).
 */
export function docRoutingKey(action: string, db: string, type: string, id: string): string {
  let prefix: string;
  if (action === '*' || action.startsWith('doc_') || action.startsWith('db_')) prefix = action;
  else prefix = type === 'database' ? `db_${action}` : `doc_${action}`;
  return `${prefix}.${db}.${type}.${encodeRoutingKeyWord(id)}`;
}

/** kapi_conf:get_routing_key: a binding pattern where every part left out is `*`; all four left out = `#`. */
export function docBindingKey(match: { action?: string; db?: string; type?: string; id?: string } = {}): string {
  const key = docRoutingKey(match.action ?? '*', match.db ?? '*', match.type ?? '*', match.id ?? '*');
  return key === '*.*.*.*' ? '#' : key;
}

export function docTypeUpdateRoutingKey(type: string): string {
  return `configuration.doc_type_update.${type}`;
}

/**
 * kzs_publish:publish_doc + kapi_conf:publish_doc_update: Event-Name is `doc_<action>` (doc_deleted
 * when Is-Soft-Deleted is true), published on `configuration` under the document routing key.
 */
export function publishDocUpdate(
  bus: Bus,
  action: DocAction,
  fields: KazooMessage & { Database: string; ID: string; Type: string },
): Promise<void> {
  const eventName = fields['Is-Soft-Deleted'] === true ? 'doc_deleted' : `doc_${action}`;
  const msg = docUpdate.build({ ...fields, 'Event-Name': eventName }, bus.envelope());
  return bus.publish('configuration', docRoutingKey(action, fields.Database, fields.Type, fields.ID), msg);
}
