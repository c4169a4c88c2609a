// Inbox and moderation: labels for the API's enumerations, badges (status, overdue, moderation
// state), relative times and durations in the reader's language, and the safe rendering of what
// citizens wrote (text only, bidi-isolated).
import { type ReactNode, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { MessageId } from '../../i18n';
import { useLocale } from '../../i18n';
import { type Translate, useT } from '../../i18n/useT';
import { languageName } from '../labels';

function lookup(t: Translate, table: Record<string, MessageId>, key: string | null | undefined): string {
  if (!key) return '';
  const id = table[key];
  return id ? t(id) : key;
}

const STATUS: Record<string, MessageId> = {
  new: 'inboxStatus.new',
  assigned: 'inboxStatus.assigned',
  waiting: 'inboxStatus.waiting',
  answered: 'inboxStatus.answered',
  closed: 'inboxStatus.closed',
};
export const inboxStatusLabel = (t: Translate, s: string) => lookup(t, STATUS, s);

const MOD_CATEGORY: Record<string, MessageId> = {
  insult: 'modCategory.insult',
  racism: 'modCategory.racism',
  discrimination: 'modCategory.discrimination',
  violence: 'modCategory.violence',
  spam: 'modCategory.spam',
  personal_data: 'modCategory.personal_data',
};
export const moderationCategoryLabel = (t: Translate, c: string | null | undefined) => lookup(t, MOD_CATEGORY, c);

const MOD_STATE: Record<string, MessageId> = {
  none: 'modState.none',
  queued: 'modState.queued',
  hidden: 'modState.hidden',
  not_hidden: 'modState.not_hidden',
  hide_failed: 'modState.hide_failed',
  allowed: 'modState.allowed',
};
export const moderationStateLabel = (t: Translate, s: string) => lookup(t, MOD_STATE, s);

const NETWORK_RESULT: Record<string, MessageId> = {
  hidden: 'networkResult.hidden',
  restored: 'networkResult.restored',
  not_supported: 'networkResult.not_supported',
  failed: 'networkResult.failed',
  pending: 'networkResult.pending',
  none: 'networkResult.none',
};
export const networkResultLabel = (t: Translate, r: string) => lookup(t, NETWORK_RESULT, r);

const DECISION_ACTION: Record<string, MessageId> = {
  hide: 'decisionAction.hide',
  queue: 'decisionAction.queue',
  allow: 'decisionAction.allow',
  restore: 'decisionAction.restore',
};
export const decisionActionLabel = (t: Translate, a: string) => lookup(t, DECISION_ACTION, a);

const DECISION_SOURCE: Record<string, MessageId> = {
  rule: 'decisionSource.rule',
  model: 'decisionSource.model',
  person: 'decisionSource.person',
};
export const decisionSourceLabel = (t: Translate, s: string) => lookup(t, DECISION_SOURCE, s);

const HOLIDAY: Record<string, MessageId> = {
  new_year: 'holiday.new_year',
  easter_monday: 'holiday.easter_monday',
  labour_day: 'holiday.labour_day',
  ascension: 'holiday.ascension',
  whit_monday: 'holiday.whit_monday',
  national_day: 'holiday.national_day',
  assumption: 'holiday.assumption',
  all_saints: 'holiday.all_saints',
  armistice: 'holiday.armistice',
  christmas: 'holiday.christmas',
};
export const holidayLabel = (t: Translate, k: string) => lookup(t, HOLIDAY, k);

const ITEM_KIND: Record<string, MessageId> = {
  reply: 'itemKind.reply',
  mention: 'itemKind.mention',
  direct: 'itemKind.direct',
  answer: 'itemKind.answer',
};
export const itemKindLabel = (t: Translate, k: string) => lookup(t, ITEM_KIND, k);

const SEND_STATE: Record<string, MessageId> = {
  pending: 'sendState.pending',
  sent: 'sendState.sent',
  failed: 'sendState.failed',
};
export const sendStateLabel = (t: Translate, s: string) => lookup(t, SEND_STATE, s);

const PERSONAL_DATA: Record<string, MessageId> = {
  email: 'personalData.email',
  phone: 'personalData.phone',
  national_number: 'personalData.national_number',
  iban: 'personalData.iban',
};
export const personalDataLabel = (t: Translate, k: string) => lookup(t, PERSONAL_DATA, k);

/** A language code in words: fr/nl/de/en from the catalogue, others from Intl, "und" as unknown. */
export function useLanguageLabel(): (code: string | null | undefined) => string {
  const t = useT();
  const { locale } = useLocale();
  return (code) => {
    if (!code || code === 'und') return t('inbox.languageUnknown');
    if (['fr', 'nl', 'de', 'en'].includes(code)) return languageName(t, code);
    try {
      return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  };
}

/** A valid BCP 47 tag for the lang attribute, or undefined ("und" and junk are left out). */
export function langAttr(code: string | null | undefined): string | undefined {
  if (!code || code === 'und' || !/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(code)) return undefined;
  return code;
}

/** Only http(s) addresses become links: anything else (javascript:, data:) is not followed. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The current time, refreshed every `everyMs` (for relative times). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}

/** "3 minutes ago", "in 2 hours", "yesterday"… in the interface language. */
export function useRelativeTime(): (iso: string | null | undefined, now: number) => string {
  const intl = useIntl();
  return (iso, now) => {
    if (!iso) return '';
    const at = new Date(iso).getTime();
    if (Number.isNaN(at)) return iso;
    const s = Math.round((at - now) / 1000);
    const abs = Math.abs(s);
    if (abs < 45) return intl.formatRelativeTime(0, 'second', { numeric: 'auto' });
    if (abs < 45 * 60) return intl.formatRelativeTime(Math.round(s / 60), 'minute', { numeric: 'auto' });
    if (abs < 22 * 3600) return intl.formatRelativeTime(Math.round(s / 3600), 'hour', { numeric: 'auto' });
    if (abs < 26 * 86400) return intl.formatRelativeTime(Math.round(s / 86400), 'day', { numeric: 'auto' });
    if (abs < 320 * 86400) return intl.formatRelativeTime(Math.round(s / (30 * 86400)), 'month', { numeric: 'auto' });
    return intl.formatRelativeTime(Math.round(s / (365 * 86400)), 'year', { numeric: 'auto' });
  };
}

/** A duration in milliseconds as "2 h 15 min" / "2 u 15 min" / "3 days 4 h" in the interface language. */
export function formatDuration(locale: string, ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  const unit = (value: number, u: 'day' | 'hour' | 'minute' | 'second') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: u === 'day' ? 'long' : 'short' }).format(value);
  const list = (parts: string[]) => new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(parts);
  const total = Math.round(ms / 1000);
  if (total < 60) return unit(total, 'second');
  const minutes = Math.round(total / 60);
  if (minutes < 60) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest ? list([unit(hours, 'hour'), unit(rest, 'minute')]) : unit(hours, 'hour');
  const days = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? list([unit(days, 'day'), unit(h, 'hour')]) : unit(days, 'day');
}

export function useFormatDuration(): (ms: number | null | undefined) => string {
  const { locale } = useLocale();
  return (ms) => formatDuration(locale, ms);
}

/** A ratio 0..1 as a percentage in the interface language. */
export function useFormatPercent(): (ratio: number | null | undefined) => string {
  const intl = useIntl();
  return (r) => (r == null || !Number.isFinite(r) ? '—' : intl.formatNumber(r, { style: 'percent', maximumFractionDigits: 0 }));
}

/** A score 0..1 with two decimals in the interface language ("0,93" in French). */
export function useFormatScore(): (score: number | null | undefined) => string {
  const intl = useIntl();
  return (s) => (s == null || !Number.isFinite(s) ? '—' : intl.formatNumber(s, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
}

export function InboxStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge badge-inbox badge-inbox-${status}`}>{inboxStatusLabel(t, status)}</span>;
}

/** Overdue: words and an icon, never colour alone. */
export function OverdueBadge() {
  const t = useT();
  return (
    <span className="badge badge-overdue" data-testid="overdue">
      <span aria-hidden="true" className="badge-icon">
        ⚠
      </span>{' '}
      {t('inbox.overdue')}
    </span>
  );
}

export function ModerationBadge({ state, category }: { state: string; category?: string | null }) {
  const t = useT();
  if (!state || state === 'none') return null;
  return (
    <span className={`badge badge-mod badge-mod-${state}`} data-moderation={state}>
      {moderationStateLabel(t, state)}
      {category ? ` — ${moderationCategoryLabel(t, category)}` : ''}
    </span>
  );
}

/**
 * What a citizen wrote (or a name they chose): plain text, isolated from the surrounding text so
 * that right-to-left overrides inside it cannot reorder the page, line breaks kept.
 */
export function CitizenText({ text, lang, className, block = true }: { text: string; lang?: string | null; className?: string; block?: boolean }) {
  if (!block) {
    return (
      <bdi lang={langAttr(lang)} className={className}>
        {text}
      </bdi>
    );
  }
  return (
    <p dir="auto" lang={langAttr(lang)} className={className ? `citizen-text ${className}` : 'citizen-text'}>
      {text}
    </p>
  );
}

/** A citizen's name and handle, each isolated ("Name (@handle)"). */
export function CitizenName({ name, handle }: { name: string; handle: string }): ReactNode {
  const shown = name?.trim() ? name : handle;
  return (
    <span className="citizen-name">
      <bdi>{shown}</bdi>
      {handle && shown !== handle && (
        <span className="muted citizen-handle">
          {' '}
          <bdi>{handle.startsWith('@') ? handle : `@${handle}`}</bdi>
        </span>
      )}
    </span>
  );
}

/** Cuts a text to `max` graphemes (snippets in lists). */
export function snippet(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const seg = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(flat)].map((s) => s.segment);
  return seg.length <= max ? flat : `${seg.slice(0, max - 1).join('')}…`;
}
