// Labels and small pieces shared by the composer, the queue and the calendar.
import type { Language, Post } from '../../api';
import { type Translate, useT } from '../../i18n/useT';

export function contentTypeLabel(t: Translate, c: string): string {
  switch (c) {
    case 'press_release':
      return t('contentType.press_release');
    case 'legislation':
      return t('contentType.legislation');
    case 'minister_quote':
      return t('contentType.minister_quote');
    case 'travel_advice':
      return t('contentType.travel_advice');
    case 'campaign':
      return t('contentType.campaign');
    case 'event':
      return t('contentType.event');
    case 'consular_information':
      return t('contentType.consular_information');
    case 'crisis_information':
      return t('contentType.crisis_information');
    case 'job_offer':
      return t('contentType.job_offer');
    case 'good_news':
      return t('contentType.good_news');
    case 'other':
      return t('contentType.other');
    default:
      return c;
  }
}

export function postStatusLabel(t: Translate, s: string): string {
  switch (s) {
    case 'draft':
      return t('postStatus.draft');
    case 'in_review':
      return t('postStatus.in_review');
    case 'approved':
      return t('postStatus.approved');
    case 'publishing':
      return t('postStatus.publishing');
    case 'rejected':
      return t('postStatus.rejected');
    case 'withdrawn':
      return t('postStatus.withdrawn');
    case 'paused':
      return t('postStatus.paused');
    case 'scheduled':
      return t('postStatus.scheduled');
    case 'published':
      return t('postStatus.published');
    case 'partially_published':
      return t('postStatus.partially_published');
    case 'failed':
      return t('postStatus.failed');
    default:
      return s;
  }
}

export function renditionStatusLabel(t: Translate, s: string): string {
  switch (s) {
    case 'scheduled':
      return t('renditionStatus.scheduled');
    case 'publishing':
      return t('renditionStatus.publishing');
    case 'published':
      return t('renditionStatus.published');
    case 'failed':
      return t('renditionStatus.failed');
    case 'unconfirmed':
      return t('renditionStatus.unconfirmed');
    case 'cancelled':
      return t('renditionStatus.cancelled');
    case 'deleting':
      return t('renditionStatus.deleting');
    case 'deleted':
      return t('renditionStatus.deleted');
    case 'editing':
      return t('renditionStatus.editing');
    default:
      return s;
  }
}

export function revisionStatusLabel(t: Translate, s: string): string {
  switch (s) {
    case 'pending':
      return t('revisionStatus.pending');
    case 'live':
      return t('revisionStatus.live');
    case 'replaced':
      return t('revisionStatus.replaced');
    case 'failed':
      return t('revisionStatus.failed');
    default:
      return s;
  }
}

/** The server's counting unit ("characters", "weighted characters", "graphemes") in the interface language. */
export function unitLabel(t: Translate, unit: string, count: number): string {
  switch (unit) {
    case 'characters':
      return t('unit.characters', { count });
    case 'weighted characters':
      return t('unit.weightedCharacters', { count });
    case 'graphemes':
      return t('unit.graphemes', { count });
    default:
      return unit;
  }
}

export function PostStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge badge-post badge-post-${status}`}>{postStatusLabel(t, status)}</span>;
}

export function RenditionStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge badge-post badge-post-${status}`}>{renditionStatusLabel(t, status)}</span>;
}

const VARIANT_ORDER: Language[] = ['fr', 'nl', 'de', 'en'];

/** The first line of the post's text: in the interface language when it has one, else the first variant. */
export function firstLine(post: Pick<Post, 'variants'>, locale: Language): { text: string; lang: Language } | null {
  for (const l of [locale, ...VARIANT_ORDER.filter((x) => x !== locale)]) {
    const text = post.variants?.[l];
    if (!text) continue;
    const line = text.split(/\r?\n/).map((s) => s.trim()).find((s) => s.length > 0);
    if (line) return { text: line, lang: l };
  }
  return null;
}
