// What waits for me (/review): the posts I am asked to review (as a peer or as the spokesperson,
// with the sensitive words that called for the spokesperson), and my own posts that wait for
// something (changes requested, in review, approved and ready to schedule), with counts.
import { useEffect, useMemo } from 'react';
import { getReviewQueue, listOrganisations, type QueueItem } from '../api';
import { Page } from '../components/Page';
import { contentTypeLabel, firstLine } from '../components/posts/labels';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { REVIEW_CHANGED } from '../components/workflow/events';
import { useLocale } from '../i18n';
import { useFormatBrussels, useT, type Translate } from '../i18n/useT';
import { OrgName } from '../orgs';
import { Link } from '../router';

function reasonLabel(t: Translate, reason: string): string {
  switch (reason) {
    case 'peer_review':
      return t('queue.reasonPeer');
    case 'spokesperson':
      return t('queue.reasonSpokesperson');
    case 'changes_requested':
      return t('queue.reasonChanges');
    case 'in_review':
      return t('queue.reasonInReview');
    case 'approved':
      return t('queue.reasonApproved');
    default:
      return reason;
  }
}

function progressText(t: Translate, i: QueueItem): string {
  const peers = i.peer_reviews_required === 0 ? t('review.noPeerReview') : t('review.peerProgress', { done: i.peer_approvals, required: i.peer_reviews_required });
  if (!i.spokesperson_required) return peers;
  return `${peers}; ${i.spokesperson_approved ? t('review.spokespersonApproved') : t('review.spokespersonWaiting')}`;
}

function QueueTable({ items, caption, orgById, showSensitive }: { items: QueueItem[]; caption: string; orgById: Map<number, { names: Record<string, string>; slug: string }>; showSensitive: boolean }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const { locale } = useLocale();
  return (
    <div className="table-wrap">
      <table className="table queue-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('posts.text')}</th>
            <th scope="col">{t('queue.why')}</th>
            <th scope="col">{t('queue.progress')}</th>
            <th scope="col">{t('queue.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => {
            const line = firstLine(i.post, locale);
            const org = orgById.get(i.post.organisation_id);
            return (
              <tr key={i.post.id} data-post-id={i.post.id} data-reason={i.reason}>
                <th scope="row" className="post-line">
                  <Link to={`/posts/${i.post.id}`}>
                    {line ? <span lang={line.lang !== locale ? line.lang : undefined}>{line.text}</span> : t('posts.noText', { id: i.post.id })}
                  </Link>
                  {org && (
                    <span className="cell-note">
                      <OrgName names={org.names} fallback={org.slug} />
                    </span>
                  )}
                </th>
                <td>
                  <span className={`badge badge-reason badge-reason-${i.reason}`}>{reasonLabel(t, i.reason)}</span>
                  {showSensitive && i.sensitive.length > 0 && (
                    <p className="queue-sensitive" data-testid="sensitive-words">
                      {t('queue.sensitive')}{' '}
                      {i.sensitive.map((w, j) => (
                        <span key={j}>
                          {j > 0 && ', '}
                          <mark className="matched-word">{w.startsWith('content type: ') ? t('finding.contentType', { type: contentTypeLabel(t, w.slice('content type: '.length)) }) : w}</mark>
                        </span>
                      ))}
                    </p>
                  )}
                </td>
                <td>{i.reason === 'changes_requested' ? t('queue.changesHelp') : progressText(t, i)}</td>
                <td>
                  <time dateTime={i.post.updated_at}>{fmt(i.post.updated_at)}</time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function ReviewQueuePage() {
  const t = useT();
  const queue = useAsync(() => getReviewQueue(), []);
  const orgs = useAsync(() => listOrganisations(), []);
  const orgById = useMemo(() => new Map((orgs.data?.items ?? []).map((o) => [o.id, { names: o.names as Record<string, string>, slug: o.slug }])), [orgs.data]);
  const { reload } = queue;
  useEffect(() => {
    window.addEventListener(REVIEW_CHANGED, reload);
    return () => window.removeEventListener(REVIEW_CHANGED, reload);
  }, [reload]);
  const q = queue.data;
  const mine = q?.mine ?? [];
  return (
    <Page title={t('queue.title')} className="wide">
      <p className="lead">{t('queue.intro')}</p>
      <p role="status" className="result-count" data-testid="queue-summary">
        {queue.loading && !q ? t('common.loading') : q ? t('queue.summary', { toReview: q.counts.to_review, spokesperson: q.counts.spokesperson, changes: q.counts.changes_requested }) : ''}
      </p>
      <ProblemAlert error={queue.error} />
      {q && (
        <>
          <section aria-labelledby="to-review-title" className="section">
            <h2 id="to-review-title">{t('queue.toReview', { count: q.counts.to_review })}</h2>
            {q.to_review.length === 0 ? (
              <p>{t('queue.nothingToReview')}</p>
            ) : (
              <QueueTable items={q.to_review} caption={t('queue.toReviewCaption')} orgById={orgById} showSensitive />
            )}
          </section>
          <section aria-labelledby="mine-title" className="section">
            <h2 id="mine-title">{t('queue.mine', { count: mine.length })}</h2>
            {mine.length === 0 ? <p>{t('queue.nothingMine')}</p> : <QueueTable items={mine} caption={t('queue.mineCaption')} orgById={orgById} showSensitive={false} />}
          </section>
        </>
      )}
    </Page>
  );
}
