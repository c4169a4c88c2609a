// The messages of a scheduled or published post, one per channel (or per language for channels
// that publish each language separately), with their status and the network's answer.
import { Button } from 'react-aria-components';
import type { Channel, Rendition } from '../../api';
import { useFormatBrussels, useT } from '../../i18n/useT';
import { LanguageList, networkName } from '../labels';
import { RenditionStatusBadge } from './labels';

interface Props {
  renditions: Rendition[];
  channelsById: Map<number, Channel>;
  /** Network of each channel when the channel itself is not listed (from the post's preview). */
  networkOf: Map<number, string>;
  caption: string;
  /** Offered on failed renditions when set (re-queues them with the same idempotency key). */
  onRetry?: (r: Rendition) => void;
  busy?: boolean;
}

export function RenditionsTable({ renditions, channelsById, networkOf, caption, onRetry, busy }: Props) {
  const t = useT();
  const fmt = useFormatBrussels();
  return (
    <div className="table-wrap">
      <table className="table renditions">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('renditions.channel')}</th>
            <th scope="col">{t('renditions.languages')}</th>
            <th scope="col">{t('renditions.status')}</th>
            <th scope="col">{t('renditions.time')}</th>
            <th scope="col">{t('renditions.result')}</th>
            <th scope="col">{t('renditions.text')}</th>
          </tr>
        </thead>
        <tbody>
          {renditions.map((r) => {
            const ch = channelsById.get(r.channel_id);
            const network = ch?.network ?? networkOf.get(r.channel_id) ?? '';
            const name = ch ? ch.display_name || ch.handle : t('posts.channelNumber', { id: r.channel_id });
            return (
              <tr key={r.id} data-rendition-id={r.id} data-status={r.status}>
                <th scope="row">
                  {network && <span className="cell-note">{networkName(t, network)}</span>}
                  {name}
                </th>
                <td>
                  <LanguageList languages={r.languages} />
                </td>
                <td>
                  <RenditionStatusBadge status={r.status} />
                  {r.attempts > 0 && <span className="cell-note">{t('renditions.attempts', { count: r.attempts })}</span>}
                  {onRetry && r.status === 'failed' && (
                    <Button className="btn btn-small" isDisabled={busy} aria-label={t('renditions.retryLabel', { name })} onPress={() => onRetry(r)}>
                      {t('renditions.retry')}
                    </Button>
                  )}
                </td>
                <td>
                  {r.published_at ? (
                    <>
                      <span className="cell-note">{t('renditions.publishedAt')}</span>
                      <time dateTime={r.published_at}>{fmt(r.published_at)}</time>
                    </>
                  ) : r.publish_at ? (
                    <>
                      <span className="cell-note">{t('renditions.publishAt')}</span>
                      <time dateTime={r.publish_at}>{fmt(r.publish_at)}</time>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {r.remote_url && (
                    <a href={r.remote_url} rel="noopener noreferrer">
                      {t('renditions.view', { network: network ? networkName(t, network) : name })}
                      <span className="sr-only"> — {name}</span>
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
                <td>
                  <div className="rendition-text" lang={r.languages.length === 1 ? r.languages[0] : undefined}>
                    {r.text}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
