// The number_manager keys the lifecycle reads, each with Kazoo's default (written back).
import type { SystemConfig } from '@tollgate/config';
import { DEFAULT_E164_CONVERTERS, DEFAULT_RECONCILE_REGEX, type E164Converters, type NormalizeOptions } from './e164';
import type { ReleaseSettings } from './lifecycle';
import { NUMBER_MANAGER_CATEGORY as CAT } from './number-manager-config';

export async function readNormalizeOptions(config: SystemConfig): Promise<NormalizeOptions> {
  const converters = await config.getObject<E164Converters>(CAT, 'e164_converters', structuredClone(DEFAULT_E164_CONVERTERS));
  const reconcileRegex = await config.getString(CAT, 'reconcile_regex', DEFAULT_RECONCILE_REGEX);
  const defaultCountry = await config.get(CAT, 'default_country');
  return { converters, reconcileRegex, ...(typeof defaultCountry === 'string' && defaultCountry ? { defaultCountry } : {}) };
}

export async function readReleaseSettings(config: SystemConfig): Promise<ReleaseSettings> {
  const released = await config.getString(CAT, 'released_state', 'available');
  return {
    releasedState: released === 'released' ? 'released' : 'available',
    shouldAge: await config.getBoolean(CAT, 'should_age', false),
    shouldPermanentlyDelete: await config.getBoolean(CAT, 'should_permanently_delete', false),
  };
}

/** `carrier_modules`: carriers searched for numbers not yet in the system (Kazoo default knm_local). */
export async function readCarrierModules(config: SystemConfig): Promise<string[]> {
  return config.getStringList(CAT, 'carrier_modules', ['knm_local']);
}

export async function readMaximumSearchQuantity(config: SystemConfig): Promise<number> {
  return Math.max(1, await config.getInteger(CAT, 'maximum_search_quantity', 500));
}

/** `maximum_collection_size`: most numbers one /collection request may name (each is several writes). */
export async function readMaximumCollectionSize(config: SystemConfig): Promise<number> {
  return Math.max(1, await config.getInteger(CAT, 'maximum_collection_size', 100));
}

/**
 * `unauthorized_numbers_lookup`, read without writing the default back: the question is asked by
 * anonymous requests, and a refused request writes nothing.
 */
export async function allowsAnonymousLookup(config: SystemConfig): Promise<boolean> {
  const value = config.lookup(await config.category(CAT), 'unauthorized_numbers_lookup');
  return value === true || value === 'true';
}
