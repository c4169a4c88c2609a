import { useIntl } from 'react-intl';
import { BRUSSELS, type Ymd, ymdToDate } from '../time';
import type { MessageId } from './index';

export type Translate = (id: MessageId, values?: Record<string, string | number | Date | null | undefined>) => string;

/** Typed message lookup: an unknown id is a type error (en.json is the reference catalogue). */
export function useT(): Translate {
  const intl = useIntl();
  return (id, values) => intl.formatMessage({ id }, values as Record<string, string | number | Date>);
}

/** Date/time formatting in the interface language; tolerant of missing or invalid values. */
export function useFormatDateTime(): (iso: string | null | undefined, withTime?: boolean | 'seconds') => string {
  const intl = useIntl();
  return (iso, withTime = true) => {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    if (!withTime) return intl.formatDate(d, { dateStyle: 'medium' });
    return intl.formatDate(d, { dateStyle: 'medium', timeStyle: withTime === 'seconds' ? 'medium' : 'short' });
  };
}

/** An instant shown in Brussels time (publication times), in the interface language. */
export function useFormatBrussels(): (iso: string | null | undefined, style?: 'datetime' | 'date' | 'time') => string {
  const intl = useIntl();
  return (iso, style = 'datetime') => {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    if (style === 'date') return intl.formatDate(d, { dateStyle: 'medium', timeZone: BRUSSELS });
    if (style === 'time') return intl.formatTime(d, { timeStyle: 'short', timeZone: BRUSSELS });
    return intl.formatDate(d, { dateStyle: 'medium', timeStyle: 'short', timeZone: BRUSSELS });
  };
}

/** A civil date ("YYYY-MM-DD") in the interface language, e.g. for calendar days. */
export function useFormatDay(): (ymd: Ymd, options?: Intl.DateTimeFormatOptions) => string {
  const intl = useIntl();
  return (ymd, options = { dateStyle: 'full' }) => intl.formatDate(ymdToDate(ymd), { ...options, timeZone: 'UTC' });
}
