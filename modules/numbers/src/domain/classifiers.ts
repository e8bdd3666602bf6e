// knm_converters:classify: system_config number_manager `classifiers` is an ordered object
// name → {regex, friendly_name, pretty_print, emergency}; the first regex that matches names the
// number's class (did_us, tollfree_us, …), which is also its phone_numbers.<class> service item.
import { compileRegex } from './regex-cache';

export interface ClassifierSettings {
  regex: string;
  friendly_name?: string;
  pretty_print?: string;
  emergency?: boolean;
  [key: string]: unknown;
}

export interface Classifier extends ClassifierSettings {
  /** The classification, e.g. `did_us`. */
  name: string;
  friendly_name: string;
}

/**
 * Kazoo's default set in Kazoo's order. The regexes are those of Kazoo's system_config schema
 * (newer than 4.3's code): toll-free 833/844/822, N11 emergency codes, and `international`
 * matching E.164 numbers outside NANP (4.3's `^(011\d*)$|^(00\d*)$` never matched a normalised
 * number, so every UK number was "unknown").
 */
export const DEFAULT_CLASSIFIERS: Readonly<Record<string, ClassifierSettings>> = {
  tollfree_us: {
    regex: '^\\+1((?:800|88\\d|877|866|855|844|833|822)\\d{7})$',
    friendly_name: 'US TollFree',
    pretty_print: 'SS(###) ### - ####',
  },
  toll_us: { regex: '^\\+1(900\\d{7})$', friendly_name: 'US Toll', pretty_print: 'SS(###) ### - ####' },
  emergency: { regex: '^(911|922|933|988|833|811|711|999)$', emergency: true, friendly_name: 'Emergency Dispatcher' },
  caribbean: {
    regex:
      '^\\+?1((?:684|264|268|242|246|441|284|345|767|809|829|849|473|671|876|664|670|787|939|869|758|784|721|868|649|340)\\d{7})$',
    friendly_name: 'Caribbean',
    pretty_print: 'SS(###) ### - ####',
  },
  did_us: { regex: '^(\\+?1)?([2-9][0-9]{2}[2-9][0-9]{6})$', friendly_name: 'US DID', pretty_print: 'SS(###) ### - ####' },
  international: { regex: '^\\+([2-9]\\d{7,})$', friendly_name: 'International' },
  unknown: { regex: '^(.*)$', friendly_name: 'Unknown' },
};

/**
 * available_classifiers/correct_depreciated_classifiers: a bare string is a regex, a missing
 * friendly_name is the name; entries without a usable regex are dropped (Kazoo would match "^$").
 */
export function classifiersFromConfig(value: unknown): Classifier[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const out: Classifier[] = [];
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (typeof raw === 'string') {
      out.push({ name, regex: raw, friendly_name: name });
      continue;
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const settings = raw as Record<string, unknown>;
    if (typeof settings.regex !== 'string') continue;
    out.push({
      ...settings,
      name,
      regex: settings.regex,
      friendly_name: typeof settings.friendly_name === 'string' ? settings.friendly_name : name,
    });
  }
  return out;
}

export function defaultClassifiers(): Classifier[] {
  return classifiersFromConfig(DEFAULT_CLASSIFIERS);
}

/** The first classifier whose regex matches, or undefined. */
export function classifierFor(number: string, classifiers: readonly Classifier[]): Classifier | undefined {
  for (const c of classifiers) if (compileRegex(c.regex)?.test(number)) return c;
  return undefined;
}

/** The classification name (first match wins), e.g. `did_us`; undefined when nothing matches. */
export function classifyNumber(number: string, classifiers: readonly Classifier[]): string | undefined {
  return classifierFor(number, classifiers)?.name;
}
