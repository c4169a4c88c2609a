// What each channel would receive now, as the server computed it (text, the network's own counter,
// the reasons it would be refused). Nothing is counted here: lengths come from the server.
import type { Channel, Preview } from '../../api';
import { useLocale } from '../../i18n';
import { useT } from '../../i18n/useT';
import { LanguageList, networkName } from '../labels';
import { unitLabel } from './labels';

interface Props {
  preview: Preview | null;
  channelsById: Map<number, Channel>;
  /** Problems the server gave when scheduling was refused, by channel id. */
  scheduleProblems?: Record<number, string[]>;
  /** True when there is not yet anything to preview (no draft saved). */
  empty: boolean;
  /** How many images go with every message. */
  imageCount?: number;
}

export function PreviewPanel({ preview, channelsById, scheduleProblems = {}, empty, imageCount = 0 }: Props) {
  const t = useT();
  const { locale } = useLocale();
  const renditions = preview?.renditions ?? [];
  const general = preview?.problems ?? [];
  const bad = renditions.filter((r) => !r.ok).length + general.length;
  const accountName = (id: number, network: string) => {
    const ch = channelsById.get(id);
    return `${networkName(t, network)} ${ch ? ch.display_name || ch.handle : t('posts.channelNumber', { id })}`;
  };
  let summary: string;
  if (empty || !preview || (renditions.length === 0 && general.length === 0)) summary = t('preview.summaryEmpty');
  else if (bad > 0) {
    summary = t('preview.summaryProblems', { count: bad, total: renditions.length });
    // Name the accounts concerned (not their lengths: the summary changes only when that set does).
    const names = [...new Set(renditions.filter((r) => !r.ok).map((r) => accountName(r.channel_id, r.network)))];
    if (names.length) summary = `${summary} ${t('preview.summaryAccounts', { accounts: new Intl.ListFormat(locale, { type: 'conjunction' }).format(names) })}`;
  } else summary = t('preview.summaryOk', { count: renditions.length });

  return (
    <section aria-labelledby="preview-title" className="preview">
      <h2 id="preview-title">{t('preview.title')}</h2>
      <p className="field-description">{t('preview.intro')}</p>
      {/* One polite summary for screen readers; the counters below are not live regions. */}
      <p role="status" className={bad > 0 ? 'preview-summary preview-summary-bad' : 'preview-summary'} data-testid="preview-summary">
        {summary}
      </p>
      {general.length > 0 && (
        <div className="preview-problems">
          <p className="preview-problems-title">{t('preview.generalProblems')}</p>
          <ul className="problem-list" lang="en">
            {general.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {renditions.length > 0 && (
        <ul className="preview-list">
          {renditions.map((r, i) => {
            const ch = channelsById.get(r.channel_id);
            const name = ch ? ch.display_name || ch.handle : t('posts.channelNumber', { id: r.channel_id });
            const extra = scheduleProblems[r.channel_id] ?? [];
            const problems = [...r.problems, ...extra.filter((p) => !r.problems.includes(p))];
            const titleId = `preview-${r.channel_id}-${i}`;
            const single = r.languages.length === 1 ? r.languages[0] : undefined;
            return (
              <li key={`${r.channel_id}-${r.languages.join('-')}`} className={r.ok && extra.length === 0 ? 'preview-card' : 'preview-card preview-card-bad'} data-channel-id={r.channel_id}>
                <article aria-labelledby={titleId}>
                  <h3 id={titleId} className="preview-card-title">
                    <span className="preview-network">{networkName(t, r.network)}</span> {name}
                  </h3>
                  <p className="preview-meta">
                    <span>{t('preview.languages')}</span> <LanguageList languages={r.languages} />
                  </p>
                  <p className={r.ok ? 'counter' : 'counter counter-bad'} data-testid="counter">
                    <span className="counter-value">
                      {t('preview.counter', { length: r.length, limit: r.limit, unit: unitLabel(t, r.unit, r.limit) })}
                    </span>
                    {!r.ok && <span className="counter-flag">{t('preview.cannotSend')}</span>}
                  </p>
                  {imageCount > 0 && (
                    <p className="preview-meta" data-testid="image-count">
                      {t('preview.images', { count: imageCount })}
                    </p>
                  )}
                  <p className="preview-label">{t('preview.asSent')}</p>
                  <div className="preview-text" lang={single}>
                    {r.text}
                  </div>
                  {problems.length > 0 && (
                    <ul className="problem-list" lang="en">
                      {problems.map((p, k) => (
                        <li key={k}>{p}</li>
                      ))}
                    </ul>
                  )}
                </article>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
