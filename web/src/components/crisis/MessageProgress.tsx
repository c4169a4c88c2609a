// One crisis message and its progress channel by channel: a summary of the counts (a polite live
// region, announced when it changes), a progress bar, and one row per channel with its status, the
// time it was published and the link to it (or the network's reason when it failed).
import { type CrisisMessage, type Language, LANGUAGES } from '../../api';
import { useLocale } from '../../i18n';
import { useFormatBrussels, useT } from '../../i18n/useT';
import { languageName, networkName } from '../labels';
import { renditionStatusLabel, RenditionStatusBadge } from '../posts/labels';
import { fieldLabel } from './labels';

const ORDER = ['published', 'publishing', 'scheduled', 'unconfirmed', 'failed', 'cancelled', 'deleting', 'deleted', 'editing'];

export function MessageProgress({ message, headingLevel = 3 }: { message: CrisisMessage; headingLevel?: 3 | 4 }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const { locale } = useLocale();
  const total = message.renditions.length;
  const published = message.counts.published ?? 0;
  const rank = (s: string) => (ORDER.includes(s) ? ORDER.indexOf(s) : ORDER.length);
  const statuses = Object.keys(message.counts).sort((a, b) => rank(a) - rank(b));
  const parts = statuses.map((s) => t('renditions.countOf', { status: renditionStatusLabel(t, s), count: message.counts[s] ?? 0 }));
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(parts);
  const headingId = `message-${message.id}-title`;
  const H = headingLevel === 3 ? 'h3' : 'h4';
  const fieldEntries = Object.entries(message.fields ?? {});
  return (
    <section aria-labelledby={headingId} className="crisis-message" data-message-id={message.id}>
      <H id={headingId} tabIndex={-1}>
        {t('crisisMessage.title', { name: message.template_name, when: fmt(message.sent_at) })}
      </H>
      <p className="cell-note">{t('crisisMessage.meta', { who: message.sent_by_name, version: message.template_version })}</p>
      {fieldEntries.length > 0 && (
        <details className="message-fields">
          <summary>{t('crisisMessage.fields')}</summary>
          <dl className="details">
            {fieldEntries.map(([f, v]) => (
              <div key={f}>
                <dt>{fieldLabel(t, f)}</dt>
                <dd>
                  {typeof v === 'string' ? (
                    v
                  ) : (
                    <ul className="plain-list">
                      {LANGUAGES.filter((l) => (v as Partial<Record<Language, string>>)[l]).map((l) => (
                        <li key={l}>
                          <span className="cell-note">{languageName(t, l)}: </span>
                          <span lang={l}>{(v as Partial<Record<Language, string>>)[l]}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      <p role="status" aria-live="polite" className="result-count" data-testid={`message-summary-${message.id}`}>
        {t('crisisMessage.summary', { total, published, details: list })}
      </p>
      <progress className="crisis-progress" max={total || 1} value={published} aria-label={t('crisisMessage.progressLabel', { published, total })} />
      <div className="table-wrap">
        <table className="table renditions crisis-renditions">
          <caption className="sr-only">{t('crisisMessage.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('renditions.channel')}</th>
              <th scope="col">{t('renditions.status')}</th>
              <th scope="col">{t('renditions.time')}</th>
              <th scope="col">{t('renditions.result')}</th>
            </tr>
          </thead>
          <tbody>
            {message.renditions.map((r) => (
              <tr key={r.rendition_id} data-channel-id={r.channel_id} data-status={r.status}>
                <th scope="row">
                  <span className="cell-note">{networkName(t, r.network)}</span>
                  {r.channel_name}
                </th>
                <td>
                  <RenditionStatusBadge status={r.status} />
                </td>
                <td>{r.published_at ? <time dateTime={r.published_at}>{fmt(r.published_at)}</time> : '—'}</td>
                <td>
                  {r.remote_url && (
                    <a href={r.remote_url} rel="noopener noreferrer">
                      {t('renditions.view', { network: networkName(t, r.network) })}
                      <span className="sr-only"> — {r.channel_name}</span>
                    </a>
                  )}
                  {r.network_message && (
                    <p className="network-message">
                      <span className="cell-note">{t('renditions.networkSaid')}</span>
                      <q>{r.network_message}</q>
                    </p>
                  )}
                  {r.explanation && (
                    <p className="network-explanation" lang="en">
                      {r.explanation}
                    </p>
                  )}
                  {!r.remote_url && !r.network_message && !r.explanation && '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
