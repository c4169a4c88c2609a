// The crisis timeline, oldest first, in the interface language: each entry is written from its kind
// and the crisis view (channel names, times, template), not from the server's English sentence,
// which is shown only for a kind the interface does not know.
import type { ReactNode } from 'react';
import type { CrisisView, Organisation, TimelineEntry } from '../../api';
import { useLocale } from '../../i18n';
import { useFormatBrussels, useT } from '../../i18n/useT';
import { useOrgName } from '../../orgs';
import { Link } from '../../router';
import { networkName } from '../labels';
import { pausedStateLabel } from './labels';

export function CrisisTimeline({ view, org }: { view: CrisisView; org: Organisation | undefined }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const { locale } = useLocale();
  const nameOf = useOrgName();
  const pausedOf = (e: TimelineEntry) => view.paused.find((p) => p.post_id === e.post_id && p.channel_id === e.channel_id);
  const messageOf = (e: TimelineEntry) => view.messages.find((m) => m.post_id === e.post_id);
  const renditionOf = (e: TimelineEntry) => messageOf(e)?.renditions.find((r) => r.channel_id === e.channel_id);
  const postLink = (id: number | null) => (id ? <Link to={`/posts/${id}`}>{t('crisis.postNumber', { id })}</Link> : null);

  const describe = (e: TimelineEntry): ReactNode => {
    switch (e.kind) {
      case 'opened':
        return t('timeline.opened', { who: e.actor_name ?? '', org: org ? nameOf(org.names, org.slug) : view.organisation_name, title: view.title, reason: view.reason });
      case 'paused': {
        const p = pausedOf(e);
        return (
          <>
            {postLink(e.post_id)} {t('timeline.paused', { channel: p?.channel_name ?? '', when: fmt(p?.original_publish_at) })}
          </>
        );
      }
      case 'not_paused': {
        const n = view.not_paused.find((x) => x.post_id === e.post_id && x.channel_id === e.channel_id);
        return (
          <>
            {postLink(e.post_id)} {t('timeline.notPaused', { channel: n?.channel_name ?? '' })}
          </>
        );
      }
      case 'message_sent': {
        const m = messageOf(e);
        return t('timeline.messageSent', { who: e.actor_name ?? '', name: m?.template_name ?? '', version: m?.template_version ?? 0, count: m?.renditions.length ?? 0 });
      }
      case 'rendition_published': {
        const r = renditionOf(e);
        return (
          <>
            {t('timeline.published', { channel: r?.channel_name ?? '', network: r ? networkName(t, r.network) : '' })}
            {r?.remote_url && (
              <>
                {' '}
                <a href={r.remote_url} rel="noopener noreferrer">
                  {t('renditions.view', { network: networkName(t, r.network) })}
                  <span className="sr-only"> — {r.channel_name}</span>
                </a>
              </>
            )}
          </>
        );
      }
      case 'rendition_failed': {
        const r = renditionOf(e);
        return (
          <>
            {t('timeline.failed', { channel: r?.channel_name ?? '', network: r ? networkName(t, r.network) : '' })}{' '}
            {(r?.explanation || r?.network_message) && <span lang="en">{r.explanation || r.network_message}</span>}
          </>
        );
      }
      case 'closed': {
        const counts = new Map<string, number>();
        for (const p of view.paused) if (p.state !== 'paused') counts.set(p.state, (counts.get(p.state) ?? 0) + 1);
        const parts = [...counts.entries()].map(([s, n]) => t('timeline.stateCount', { state: pausedStateLabel(t, s), count: n }));
        return parts.length
          ? t('timeline.closedWith', { who: e.actor_name ?? '', details: new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts) })
          : t('timeline.closed', { who: e.actor_name ?? '' });
      }
      case 'restored':
      case 'published_now':
      case 'rescheduled':
      case 'cancelled': {
        const p = pausedOf(e);
        const channel = p?.channel_name ?? '';
        const line =
          e.kind === 'restored'
            ? t('timeline.restored', { channel, when: fmt(p?.publish_at) })
            : e.kind === 'published_now'
              ? t('timeline.publishedNow', { channel })
              : e.kind === 'rescheduled'
                ? t('timeline.rescheduled', { channel, when: fmt(p?.publish_at) })
                : t('timeline.cancelled', { channel });
        return (
          <>
            {postLink(e.post_id)} {line}
          </>
        );
      }
      default:
        return <span lang="en">{e.text}</span>;
    }
  };

  return (
    <ol className="timeline" data-testid="crisis-timeline">
      {view.timeline.map((e, i) => (
        <li key={i} className={`timeline-entry timeline-${e.kind}`} data-kind={e.kind} data-post-id={e.post_id ?? undefined} data-channel-id={e.channel_id ?? undefined}>
          <time dateTime={e.at} className="timeline-time">
            {fmt(e.at)}
          </time>
          <span className="timeline-text">{describe(e)}</span>
          {e.actor_name && !['opened', 'message_sent', 'closed'].includes(e.kind) && e.kind !== 'paused' && e.kind !== 'not_paused' && <span className="cell-note">{t('crisis.by', { name: e.actor_name })}</span>}
        </li>
      ))}
    </ol>
  );
}
