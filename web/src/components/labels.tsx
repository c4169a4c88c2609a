// Display labels for enumerations (networks, statuses, roles, kinds, languages) and small badges.
import type { Language } from '../api';
import { LANGUAGE_AUTONYMS } from '../i18n';
import { type Translate, useT } from '../i18n/useT';

const NETWORK_NAMES: Record<string, string> = {
  facebook: 'Facebook',
  x: 'X (Twitter)',
  linkedin: 'LinkedIn',
  youtube: 'YouTube',
  instagram: 'Instagram',
  flickr: 'Flickr',
  vimeo: 'Vimeo',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  threads: 'Threads',
  googleplus: 'Google+',
};

export function networkName(t: Translate, n: string): string {
  return NETWORK_NAMES[n] ?? (n === 'other' ? t('network.other') : n);
}

export function statusLabel(t: Translate, s: string): string {
  switch (s) {
    case 'planned':
      return t('status.planned');
    case 'active':
      return t('status.active');
    case 'dormant':
      return t('status.dormant');
    case 'archived':
      return t('status.archived');
    case 'deleted':
      return t('status.deleted');
    default:
      return s;
  }
}

export function roleLabel(t: Translate, r: string): string {
  switch (r) {
    case 'administrator':
      return t('role.administrator');
    case 'editor':
      return t('role.editor');
    case 'reviewer':
      return t('role.reviewer');
    case 'spokesperson':
      return t('role.spokesperson');
    case 'moderator':
      return t('role.moderator');
    case 'analyst':
      return t('role.analyst');
    case 'agency_member':
      return t('role.agency_member');
    default:
      return r;
  }
}

export function kindLabel(t: Translate, k: string): string {
  switch (k) {
    case 'government':
      return t('kind.government');
    case 'minister':
      return t('kind.minister');
    case 'service':
      return t('kind.service');
    case 'unit':
      return t('kind.unit');
    case 'diplomatic_post':
      return t('kind.diplomatic_post');
    default:
      return k;
  }
}

export function languageName(t: Translate, l: string): string {
  switch (l) {
    case 'fr':
      return t('language.fr');
    case 'nl':
      return t('language.nl');
    case 'de':
      return t('language.de');
    case 'en':
      return t('language.en');
    default:
      return l;
  }
}

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge badge-status badge-${status}`}>{statusLabel(t, status)}</span>;
}

export function DueBadge() {
  const t = useT();
  return <span className="badge badge-due">{t('channel.revalidationDue')}</span>;
}

export function LanguageList({ languages }: { languages: string[] }) {
  const t = useT();
  if (!languages?.length) return <span>—</span>;
  return (
    <span>
      {languages.map((l) => (
        <abbr key={l} className="lang-tag" title={languageName(t, l)}>
          {l.toUpperCase()}
        </abbr>
      ))}
    </span>
  );
}

export function autonym(l: Language): string {
  return LANGUAGE_AUTONYMS[l];
}
