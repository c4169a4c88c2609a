// One message's moderation history (/moderation/items/:id): the message as received (verbatim),
// and every decision on it, oldest first — the engine's and the moderators', each with its reason,
// rule, score, who decided and what the network answered; a reversal names the decision it undoes.
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { getModerationItem, MODERATION_ROLES } from '../api';
import { networkName } from '../components/labels';
import { Page } from '../components/Page';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { DecisionFacts, FocusNote, useDecisionSummary } from '../components/inbox/Decision';
import { inboxChanged } from '../components/inbox/events';
import { CitizenName, CitizenText, ModerationBadge } from '../components/inbox/labels';
import { ModerationActions } from '../components/inbox/ModerationActions';
import { useFormatBrussels, useT } from '../i18n/useT';
import { Link } from '../router';
import { hasRoleAnywhere, useSession } from '../session';

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function ModerationItemPage({ itemId }: { itemId: number }) {
  const t = useT();
  const intl = useIntl();
  const fmt = useFormatBrussels();
  const summary = useDecisionSummary();
  const { session } = useSession();
  const data = useAsync(() => getModerationItem(itemId), [itemId]);
  const [note, setNote] = useState<{ n: number; text: string } | null>(null);
  const v = data.data;
  if (!v) {
    return (
      <Page title={data.error ? t('moderationItem.notFound') : t('common.loading')}>
        <p className="back-link">
          <Link to="/moderation">{t('moderationItem.back')}</Link>
        </p>
        <ProblemAlert error={data.error} />
      </Page>
    );
  }
  const who = v.item.author.name?.trim() || v.item.author.handle;
  const decisions = [...v.decisions].sort((a, b) => (a.created_at === b.created_at ? a.id - b.id : a.created_at < b.created_at ? -1 : 1));
  return (
    <Page
      title={t('moderationItem.title', { name: who.replace(BIDI_CONTROLS, '') })}
      heading={intl.formatMessage({ id: 'moderationItem.title' }, { name: <bdi key="n">{who}</bdi> })}
      className="wide"
    >
      <p className="back-link">
        <Link to="/moderation">{t('moderationItem.back')}</Link>
      </p>
      {note && (
        <FocusNote key={note.n} testId="decision-note">
          {note.text}
        </FocusNote>
      )}
      <section aria-labelledby="message-title" className="section">
        <h2 id="message-title">{t('moderationItem.message')}</h2>
        <p className="thread-meta">
          <CitizenName name={v.item.author.name} handle={v.item.author.handle} />
          <time dateTime={v.item.created_at}>{fmt(v.item.created_at)}</time>
          <span>
            <bdi>{v.channel.handle}</bdi> — {networkName(t, v.channel.network)}
          </span>
          <ModerationBadge state={v.item.moderation?.state} category={v.item.moderation?.category} />
        </p>
        <CitizenText text={v.item.text} lang={v.item.language} className="thread-text mod-text" />
        <p className="thread-links">
          <Link to={`/inbox/conversations/${v.item.conversation_id}`}>{t('moderation.openConversation')}</Link>
        </p>
        {hasRoleAnywhere(session, MODERATION_ROLES) && (
          <ModerationActions
            itemId={v.item.id}
            state={v.item.moderation?.state ?? 'none'}
            context={t('moderation.messageFrom', { name: who })}
            onDecided={(d) => {
              setNote({ n: Date.now(), text: summary(d) });
              inboxChanged();
              data.reload();
            }}
          />
        )}
      </section>
      <section aria-labelledby="decisions-title" className="section">
        <h2 id="decisions-title">{t('moderationItem.decisions', { count: decisions.length })}</h2>
        {decisions.length === 0 ? (
          <p>{t('moderationItem.noDecisions')}</p>
        ) : (
          <ol className="decision-list" data-testid="decisions">
            {decisions.map((d) => (
              <li key={d.id} className="decision-entry" data-decision-id={d.id} data-action={d.action}>
                <h3>{t('moderationItem.decisionN', { id: d.id })}</h3>
                {d.reverses != null && <p className="field-description">{t('moderationItem.reverses', { id: d.reverses })}</p>}
                <dl className="details">
                  <DecisionFacts d={d} />
                  {d.original_text !== v.item.text && (
                    <>
                      <dt>{t('moderationItem.originalText')}</dt>
                      <dd>
                        <CitizenText text={d.original_text} lang={v.item.language} className="thread-text" />
                      </dd>
                    </>
                  )}
                </dl>
              </li>
            ))}
          </ol>
        )}
      </section>
    </Page>
  );
}
