// Crisis mode: labels, the filling of a template (for the preview; the server fills for real),
// the crisis status badge, and the hooks shared by the crisis pages.
import { useCallback } from 'react';
import { type AlertField, type AlertFieldValue, type Channel, CRISIS_ROLES, type Language, LANGUAGES, listChannels, type Organisation } from '../../api';
import type { Translate } from '../../i18n/useT';
import { useT } from '../../i18n/useT';
import { pathTo } from '../../orgs';
import { hasRoleOn, useSession } from '../../session';

/** Fired after a crisis is opened or closed: the banner asks again. */
export const CRISIS_CHANGED = 'belfry:crisis-changed';

export function crisisChanged(): void {
  window.dispatchEvent(new Event(CRISIS_CHANGED));
}

export function fieldLabel(t: Translate, f: AlertField | string): string {
  switch (f) {
    case 'sender':
      return t('crisisField.sender');
    case 'event':
      return t('crisisField.event');
    case 'area':
      return t('crisisField.area');
    case 'instructions':
      return t('crisisField.instructions');
    case 'until':
      return t('crisisField.until');
    case 'link':
      return t('crisisField.link');
    default:
      return f;
  }
}

export function fieldHelp(t: Translate, f: AlertField | string): string {
  switch (f) {
    case 'sender':
      return t('crisisField.senderHelp');
    case 'event':
      return t('crisisField.eventHelp');
    case 'area':
      return t('crisisField.areaHelp');
    case 'instructions':
      return t('crisisField.instructionsHelp');
    case 'until':
      return t('crisisField.untilHelp');
    case 'link':
      return t('crisisField.linkHelp');
    default:
      return '';
  }
}

export function pausedStateLabel(t: Translate, s: string): string {
  switch (s) {
    case 'paused':
      return t('pausedState.paused');
    case 'restored':
      return t('pausedState.restored');
    case 'published_now':
      return t('pausedState.published_now');
    case 'rescheduled':
      return t('pausedState.rescheduled');
    case 'cancelled':
      return t('pausedState.cancelled');
    default:
      return s;
  }
}

export function CrisisStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge badge-crisis badge-crisis-${status}`}>{status === 'open' ? t('crisis.statusOpen') : status === 'closed' ? t('crisis.statusClosed') : status}</span>;
}

/** A template's languages in the usual order. */
export function templateLanguages(variants: Partial<Record<Language, string>>): Language[] {
  return LANGUAGES.filter((l) => variants[l]);
}

/** The value a field takes in a language: its own text there, else the text for every language. */
export function fieldValueIn(v: AlertFieldValue | undefined, lang: Language): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  return (v[lang] ?? '').trim();
}

export type FilledPiece = { text: string } | { missing: string };

/** The template's text in one language with the fields filled in; blanks stay marked. */
export function fillTemplate(text: string, fields: Partial<Record<AlertField, AlertFieldValue>>, lang: Language): FilledPiece[] {
  const out: FilledPiece[] = [];
  const re = /\{([a-z_]+)\}/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    const value = fieldValueIn(fields[m[1] as AlertField], lang);
    out.push(value ? { text: value } : { missing: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** The user may open or close a crisis there (administrator or spokesperson on it or above). */
export function useCrisisRights(orgs: Organisation[]): { canManage: (orgId: number) => boolean; isSpokesperson: (orgId: number) => boolean } {
  const { session } = useSession();
  const path = useCallback(
    (id: number) => {
      const p = pathTo(orgs, id).map((o) => o.id);
      return p.length ? p : [id];
    },
    [orgs],
  );
  const canManage = useCallback((id: number) => hasRoleOn(session, path(id), CRISIS_ROLES), [session, path]);
  const isSpokesperson = useCallback((id: number) => hasRoleOn(session, path(id), ['spokesperson']), [session, path]);
  return { canManage, isSpokesperson };
}

/** Every channel of an organisation's sub-tree (the API pages by 200). */
export async function listAllChannels(organisationId: number): Promise<Channel[]> {
  const out: Channel[] = [];
  for (let page = 1; page <= 50; page++) {
    const p = await listChannels({ organisation_id: organisationId, per_page: 200, page });
    out.push(...p.items);
    if (out.length >= p.total || p.items.length === 0) break;
  }
  return out;
}
