// One conversation (/inbox/conversations/:id): its messages in order, the answer box, and beside
// them its handling (assignment, status, category, internal notes). It follows an answer from
// pending to sent (asking again every 2 s while one is on its way, and on the live stream's events
// for this conversation) and then links to the threaded reply on the network.
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { type ConversationView, getConversation, type InboxItem, listOrganisations } from '../api';
import { networkName } from '../components/labels';
import { Page } from '../components/Page';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useOrgLabel } from '../components/inbox/access';
import { AnswerBox } from '../components/inbox/AnswerBox';
import { inboxChanged, useDebounced, useInboxEvents } from '../components/inbox/events';
import { InboxNav } from '../components/inbox/InboxNav';
import { CitizenName, InboxStatusBadge, itemKindLabel, OverdueBadge, safeUrl, useLanguageLabel, useNow, useRelativeTime } from '../components/inbox/labels';
import { AssignForm, CategoryForm, Notes, StatusForm } from '../components/inbox/SidePanel';
import { sortItems, Thread } from '../components/inbox/Thread';
import { useFormatBrussels, useT } from '../i18n/useT';
import { Link } from '../router';

const POLL_MS = 2000;
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function AnswerStatus({ item }: { item: InboxItem | null }) {
  const t = useT();
  let content: ReactNode = null;
  if (item) {
    const url = safeUrl(item.url);
    if (item.send_state === 'pending') content = <p className="alert alert-warning">{t('answer.pending')}</p>;
    else if (item.send_state === 'sent')
      content = (
        <div className="alert alert-success">
          <p>{t('answer.sent')}</p>
          {url && (
            <p>
              <a href={url} rel="noopener noreferrer" target="_blank" data-testid="sent-link">
                {t('answer.seeOnNetwork')}
                <span className="sr-only"> {t('common.newTab')}</span>
              </a>
            </p>
          )}
        </div>
      );
    else if (item.send_state === 'failed')
      content = (
        <div className="alert alert-error">
          <p className="alert-title">{t('answer.failed')}</p>
          {item.send_message && <p>{item.send_message}</p>}
        </div>
      );
  }
  return (
    <div role="status" data-testid="answer-status" data-send-state={item?.send_state ?? undefined}>
      {content}
    </div>
  );
}

export function ConversationPage({ conversationId }: { conversationId: number }) {
  const t = useT();
  const intl = useIntl();
  const fmt = useFormatBrussels();
  const rel = useRelativeTime();
  const now = useNow();
  const languageLabel = useLanguageLabel();
  const loaded = useAsync(() => getConversation(conversationId), [conversationId]);
  const orgs = useAsync(() => listOrganisations(), []);
  const orgLabel = useOrgLabel(orgs.data?.items ?? []);
  const [view, setView] = useState<ConversationView | null>(null);
  const [pollError, setPollError] = useState<unknown>(null);
  const [sentId, setSentId] = useState<number | null>(null);
  const [focusItem, setFocusItem] = useState<number | null>(null);
  useEffect(() => {
    if (loaded.data) setView(loaded.data);
  }, [loaded.data]);

  const [liveNote, setLiveNote] = useState('');
  const inboundSeen = useRef<number | null>(null);
  useEffect(() => {
    if (view) inboundSeen.current ??= view.items.filter((i) => i.direction === 'in').length;
  }, [view]);

  const refresh = useCallback(async () => {
    try {
      const v = await getConversation(conversationId);
      const inbound = v.items.filter((i) => i.direction === 'in').length;
      if (inboundSeen.current != null && inbound > inboundSeen.current) setLiveNote(t('inbox.newMessages', { count: inbound - inboundSeen.current }));
      inboundSeen.current = inbound;
      setView(v);
      setPollError(null);
      return v;
    } catch (e) {
      setPollError(e);
      return null;
    }
  }, [conversationId]); // eslint-disable-line react-hooks/exhaustive-deps

  const refreshSoon = useDebounced(() => void refresh(), 800);
  useInboxEvents((e) => {
    if (e.conversation_id === conversationId) refreshSoon();
  });

  const pending = !!view?.items.some((i) => i.direction === 'out' && i.send_state === 'pending');
  useEffect(() => {
    if (!pending) return;
    let stopped = false;
    let timer: number | undefined;
    const tick = async () => {
      if (!document.hidden) await refresh();
      if (!stopped) timer = window.setTimeout(tick, POLL_MS);
    };
    timer = window.setTimeout(tick, POLL_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [pending, refresh]);

  useEffect(() => {
    if (focusItem == null) return;
    document.getElementById(`item-${focusItem}`)?.focus();
    setFocusItem(null);
  }, [focusItem, view]);

  if (!view) {
    return (
      <Page title={loaded.error ? t('conversationPage.notFound') : t('common.loading')}>
        <p className="back-link">
          <Link to="/inbox">{t('conversationPage.back')}</Link>
        </p>
        <ProblemAlert error={loaded.error} />
      </Page>
    );
  }

  const c = view.conversation;
  const name = c.citizen.name?.trim() || c.citizen.handle;
  const title = t('conversationPage.title', { name: name.replace(BIDI_CONTROLS, '') });
  const heading = intl.formatMessage({ id: 'conversationPage.title' }, { name: <bdi key="name">{name}</bdi> });
  const can = (a: string) => view.actions.includes(a);
  const open = c.status !== 'answered' && c.status !== 'closed';
  const sentItem = sentId != null ? (view.items.find((i) => i.id === sentId) ?? null) : null;

  return (
    <Page title={title} heading={heading} className="wide">
      <InboxNav />
      <p className="back-link">
        <Link to="/inbox">{t('conversationPage.back')}</Link>
      </p>
      <dl className="details conversation-details" data-testid="conversation-details">
        <dt>{t('inbox.citizen')}</dt>
        <dd>
          <CitizenName name={c.citizen.name} handle={c.citizen.handle} />
        </dd>
        <dt>{t('inbox.channel')}</dt>
        <dd>
          <bdi>{c.channel.display_name}</bdi> — {networkName(t, c.channel.network)} — {orgLabel(c.organisation.id, c.organisation.name)}
        </dd>
        <dt>{t('conversationPage.kind')}</dt>
        <dd>{itemKindLabel(t, c.kind)}</dd>
        <dt>{t('inbox.language')}</dt>
        <dd>{languageLabel(c.language)}</dd>
        <dt>{t('inbox.status')}</dt>
        <dd data-testid="conversation-status">
          <InboxStatusBadge status={c.status} />
        </dd>
        <dt>{t('inbox.assignee')}</dt>
        <dd data-testid="conversation-assignee">{c.assignee ? (c.assignee.type === 'team' ? t('assign.team', { name: c.assignee.name }) : c.assignee.name) : t('inbox.unassigned')}</dd>
        <dt>{t('inbox.category')}</dt>
        <dd data-testid="conversation-category">{c.category || t('inbox.noCategory')}</dd>
        {c.due_at && (
          <>
            <dt>{t('inbox.due')}</dt>
            <dd>
              <time dateTime={c.due_at}>{fmt(c.due_at)}</time> ({rel(c.due_at, now)}){open && c.overdue && <OverdueBadge />}
            </dd>
          </>
        )}
        <dt>{t('conversationPage.firstResponse')}</dt>
        <dd>{c.first_response_at ? <time dateTime={c.first_response_at}>{fmt(c.first_response_at)}</time> : t('conversationPage.notAnswered')}</dd>
      </dl>
      <p className="sr-only" role="status" aria-live="polite" data-testid="conversation-live">
        {liveNote}
      </p>
      <ProblemAlert error={pollError} title={t('conversationPage.refreshFailed')} />
      <div className="conversation-layout">
        <div className="conversation-main">
          <section aria-labelledby="thread-title" className="section">
            <h2 id="thread-title">{t('conversationPage.messages', { count: view.items.length })}</h2>
            <Thread conversation={c} items={view.items} canModerate={can('moderate')} />
          </section>
          <AnswerStatus item={sentItem} />
          {can('answer') ? (
            <AnswerBox
              conversation={c}
              items={view.items}
              savedReplies={view.saved_replies}
              initialDrafting={view.drafting}
              onSent={(item) => {
                setSentId(item.id);
                setView((v) => (v ? { ...v, items: v.items.some((i) => i.id === item.id) ? v.items : [...v.items, item] } : v));
                inboxChanged();
                void refresh();
              }}
              onReadTheirs={async () => {
                const v = await refresh();
                const theirs = v ? sortItems(v.items).filter((i) => i.direction === 'out').pop() : undefined;
                if (theirs) setFocusItem(theirs.id);
              }}
            />
          ) : (
            <p className="field-description" data-testid="answer-not-allowed">
              {t('conversationPage.readOnly')}
            </p>
          )}
        </div>
        <aside className="conversation-side" aria-labelledby="handling-title">
          <h2 id="handling-title">{t('conversationPage.handling')}</h2>
          {can('assign') && <AssignForm conversation={c} onChanged={(x) => setView((v) => (v ? { ...v, conversation: x } : v))} />}
          {can('status') && <StatusForm conversation={c} onChanged={(x) => setView((v) => (v ? { ...v, conversation: x } : v))} />}
          {can('status') && <CategoryForm conversation={c} onChanged={(x) => setView((v) => (v ? { ...v, conversation: x } : v))} />}
          {!can('assign') && !can('status') && <p className="field-description">{t('conversationPage.handlingReadOnly')}</p>}
          <Notes conversationId={c.id} notes={view.notes} canWrite={can('note')} onAdded={(n) => setView((v) => (v ? { ...v, notes: [...v.notes, n] } : v))} />
        </aside>
      </div>
    </Page>
  );
}
