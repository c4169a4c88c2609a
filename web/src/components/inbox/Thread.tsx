// A conversation's messages in order: the citizen's and our answers, each with its author, time,
// language, kind, link to the network, moderation state and (for answers) whether it went out.
// Texts are rendered as text, isolated (dir="auto", <bdi>) and with their line breaks kept.
import type { InboxConversation, InboxItem } from '../../api';
import { useFormatBrussels, useT } from '../../i18n/useT';
import { Link } from '../../router';
import { networkName } from '../labels';
import { CitizenName, CitizenText, itemKindLabel, ModerationBadge, safeUrl, sendStateLabel, useLanguageLabel } from './labels';

export function sortItems(items: InboxItem[]): InboxItem[] {
  return [...items].sort((a, b) => (a.created_at === b.created_at ? a.id - b.id : a.created_at < b.created_at ? -1 : 1));
}

export function Thread({ conversation, items, canModerate }: { conversation: InboxConversation; items: InboxItem[]; canModerate: boolean }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const languageLabel = useLanguageLabel();
  const network = networkName(t, conversation.channel.network);
  return (
    <ol className="thread" data-testid="thread">
      {sortItems(items).map((i) => {
        const url = safeUrl(i.url);
        const headId = `item-${i.id}-head`;
        const ours = i.direction === 'out';
        return (
          <li key={i.id} id={`item-${i.id}`} tabIndex={-1} className={`thread-item thread-${ours ? 'out' : 'in'}`} data-item-id={i.id} data-direction={i.direction} data-send-state={i.send_state ?? undefined} data-moderation={i.moderation?.state}>
            <article aria-labelledby={headId}>
              <h3 id={headId} className="thread-head">
                {ours ? (
                  <span className="thread-who">{i.sent_by ? t('thread.ourAnswerBy', { name: i.sent_by.name }) : t('thread.ourAnswer')}</span>
                ) : (
                  <span className="thread-who">
                    <CitizenName name={i.author.name} handle={i.author.handle} />
                  </span>
                )}{' '}
                <span className="thread-time">
                  — <time dateTime={i.created_at}>{fmt(i.created_at)}</time>
                </span>
              </h3>
              <p className="thread-meta">
                <span className="thread-tag">{ours ? t('thread.fromUs') : t('thread.fromCitizen')}</span>
                <span>{itemKindLabel(t, i.kind)}</span>
                <span>{t('thread.inLanguage', { language: languageLabel(i.language) })}</span>
                <ModerationBadge state={i.moderation?.state} category={i.moderation?.category} />
                {ours && i.send_state && (
                  <span className={`badge badge-send badge-send-${i.send_state}`} data-testid="send-state">
                    {i.send_state === 'failed' && <span aria-hidden="true">✕ </span>}
                    {i.send_state === 'sent' && <span aria-hidden="true">✓ </span>}
                    {sendStateLabel(t, i.send_state)}
                  </span>
                )}
              </p>
              <CitizenText text={i.text} lang={i.language} className="thread-text" />
              {ours && i.send_state === 'failed' && i.send_message && <p className="field-error">{i.send_message}</p>}
              <p className="thread-links">
                {url && (
                  <a href={url} rel="noopener noreferrer" target="_blank">
                    {ours ? t('thread.viewAnswerOn', { network }) : t('thread.viewOn', { network })}
                    <span className="sr-only"> {t('common.newTab')}</span>
                  </a>
                )}
                {canModerate && !ours && i.moderation?.state && i.moderation.state !== 'none' && <Link to={`/moderation/items/${i.id}`}>{t('thread.moderationHistory')}</Link>}
              </p>
            </article>
          </li>
        );
      })}
    </ol>
  );
}
