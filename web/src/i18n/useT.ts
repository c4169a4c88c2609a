import { useIntl } from 'react-intl';
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
