import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { CRISIS_ROLES, getReviewQueue, INBOX_READ_ROLES, type Language, listConversations, METRICS_ROLES, MODERATION_ROLES } from './api';
import { CrisisBanner } from './components/crisis/CrisisBanner';
import { INBOX_CHANGED, InboxEventsProvider, useDebounced, useInboxEvents } from './components/inbox/events';
import { ProblemAlert } from './components/ProblemAlert';
import { REVIEW_CHANGED } from './components/workflow/events';
import { LANGUAGE_AUTONYMS, UI_LANGUAGES, useLocale } from './i18n';
import { useT } from './i18n/useT';
import { ChannelPage } from './pages/ChannelPage';
import { HistoryPage } from './pages/HistoryPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PublicChannelsPage } from './pages/PublicChannelsPage';
import { RegistryPage } from './pages/RegistryPage';
import { TokensPage } from './pages/TokensPage';
import { UserPage } from './pages/UserPage';
import { UsersPage } from './pages/UsersPage';
import { VerifyPage } from './pages/VerifyPage';
import { Link, matchPath, navigate, useLocation } from './router';
import { hasRoleAnywhere, useSession } from './session';

// The publishing pages are loaded on first use: the public pages stay light.
const PostsPage = lazy(() => import('./pages/PostsPage').then((m) => ({ default: m.PostsPage })));
const CalendarPage = lazy(() => import('./pages/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const ComposerRoute = lazy(() => import('./pages/ComposerPage').then((m) => ({ default: m.ComposerRoute })));
const ReviewQueuePage = lazy(() => import('./pages/ReviewQueuePage').then((m) => ({ default: m.ReviewQueuePage })));
const PolicyPage = lazy(() => import('./pages/PolicyPage').then((m) => ({ default: m.PolicyPage })));
const CrisisListPage = lazy(() => import('./pages/CrisisListPage').then((m) => ({ default: m.CrisisListPage })));
const CrisisPage = lazy(() => import('./pages/CrisisPage').then((m) => ({ default: m.CrisisPage })));
const CrisisTemplatesPage = lazy(() => import('./pages/CrisisTemplatesPage').then((m) => ({ default: m.CrisisTemplatesPage })));
const InboxPage = lazy(() => import('./pages/InboxPage').then((m) => ({ default: m.InboxPage })));
const ConversationPage = lazy(() => import('./pages/ConversationPage').then((m) => ({ default: m.ConversationPage })));
const InboxSearchPage = lazy(() => import('./pages/InboxSearchPage').then((m) => ({ default: m.InboxSearchPage })));
const InboxMetricsPage = lazy(() => import('./pages/InboxMetricsPage').then((m) => ({ default: m.InboxMetricsPage })));
const InboxSettingsPage = lazy(() => import('./pages/InboxSettingsPage').then((m) => ({ default: m.InboxSettingsPage })));
const SavedRepliesPage = lazy(() => import('./pages/SavedRepliesPage').then((m) => ({ default: m.SavedRepliesPage })));
const ModerationQueuePage = lazy(() => import('./pages/ModerationQueuePage').then((m) => ({ default: m.ModerationQueuePage })));
const ModerationItemPage = lazy(() => import('./pages/ModerationItemPage').then((m) => ({ default: m.ModerationItemPage })));
const ModerationSettingsPage = lazy(() => import('./pages/ModerationSettingsPage').then((m) => ({ default: m.ModerationSettingsPage })));

function LanguageSwitcher() {
  const { locale, setLocale } = useLocale();
  return (
    <div className="language-switcher">
      <label htmlFor="ui-language">
        <span lang="fr">Langue</span> / <span lang="nl">Taal</span> / <span lang="de">Sprache</span> / <span lang="en">Language</span>
      </label>
      <select id="ui-language" className="input" value={locale} onChange={(e) => setLocale(e.target.value as Language)}>
        {UI_LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_AUTONYMS[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

function SessionBox() {
  const t = useT();
  const { status, session, signOut } = useSession();
  if (status !== 'signed-in' || !session) return null;
  return (
    <div className="session-box">
      <span>{t('session.signedInAs', { name: session.user.display_name || session.user.username })}</span>
      <Button
        className="btn btn-small btn-on-dark"
        onPress={async () => {
          await signOut();
          navigate('/login?signed_out=1');
        }}
      >
        {t('session.signOut')}
      </Button>
    </div>
  );
}

function NavLink({ to, children, current }: { to: string; children: ReactNode; current: boolean }) {
  return (
    <li>
      <Link to={to} aria-current={current ? 'page' : undefined}>
        {children}
      </Link>
    </li>
  );
}

/** What waits for the signed-in user (posts to review, own posts sent back): asked again on every page and after each decision. */
function useWaitingCount(signedIn: boolean, pathname: string): number | null {
  const [count, setCount] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const again = () => setTick((n) => n + 1);
    window.addEventListener(REVIEW_CHANGED, again);
    return () => window.removeEventListener(REVIEW_CHANGED, again);
  }, []);
  useEffect(() => {
    if (!signedIn) {
      setCount(null);
      return;
    }
    let stale = false;
    getReviewQueue().then(
      (q) => {
        if (!stale) setCount((q.counts.to_review ?? 0) + (q.counts.changes_requested ?? 0));
      },
      () => {
        if (!stale) setCount(null);
      },
    );
    return () => {
      stale = true;
    };
  }, [signedIn, pathname, tick]);
  return count;
}

/** New conversations (status "new") in the inbox: asked again on every page, after changes, and on live events. */
function useInboxNewCount(enabled: boolean, pathname: string): number | null {
  const [count, setCount] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const again = useDebounced(() => setTick((n) => n + 1), 2000);
  useInboxEvents(() => again());
  useEffect(() => {
    const now = () => setTick((n) => n + 1);
    window.addEventListener(INBOX_CHANGED, now);
    return () => window.removeEventListener(INBOX_CHANGED, now);
  }, []);
  useEffect(() => {
    if (!enabled) {
      setCount(null);
      return;
    }
    let stale = false;
    listConversations({ status: 'new', per_page: 1 }).then(
      (r) => {
        if (!stale) setCount(r.counts?.new ?? r.total);
      },
      () => {
        if (!stale) setCount(null);
      },
    );
    return () => {
      stale = true;
    };
  }, [enabled, pathname, tick]);
  return count;
}

function MainNav({ pathname }: { pathname: string }) {
  const t = useT();
  const { status, session } = useSession();
  const signedIn = status === 'signed-in';
  const waiting = useWaitingCount(signedIn, pathname);
  const isAdmin = hasRoleAnywhere(session, ['administrator']);
  const mayOpenCrisis = hasRoleAnywhere(session, CRISIS_ROLES);
  const readsInbox = signedIn && hasRoleAnywhere(session, INBOX_READ_ROLES);
  const readsMetricsOnly = signedIn && !readsInbox && hasRoleAnywhere(session, METRICS_ROLES);
  const moderates = signedIn && hasRoleAnywhere(session, MODERATION_ROLES);
  const newInInbox = useInboxNewCount(readsInbox, pathname);
  const at = (prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <ul>
        <NavLink to="/verify" current={at('/verify')}>
          {t('nav.verify')}
        </NavLink>
        <NavLink to="/channels/public" current={at('/channels/public')}>
          {t('nav.publicChannels')}
        </NavLink>
        {signedIn && (
          <NavLink to="/registry" current={at('/registry') || (at('/channels') && !at('/channels/public'))}>
            {t('nav.registry')}
          </NavLink>
        )}
        {signedIn && (
          <NavLink to="/posts" current={at('/posts') && !at('/posts/calendar')}>
            {t('nav.posts')}
          </NavLink>
        )}
        {signedIn && (
          <NavLink to="/posts/calendar" current={at('/posts/calendar')}>
            {t('nav.calendar')}
          </NavLink>
        )}
        {signedIn && (
          <NavLink to="/review" current={at('/review')}>
            {t('nav.review')}
            {waiting != null && waiting > 0 && (
              <span className="nav-count" data-testid="review-count">
                <span aria-hidden="true">{waiting}</span>
                <span className="sr-only"> ({t('nav.reviewWaiting', { count: waiting })})</span>
              </span>
            )}
          </NavLink>
        )}
        {readsInbox && (
          <NavLink to="/inbox" current={at('/inbox') || at('/saved-replies')}>
            {t('nav.inbox')}
            {newInInbox != null && newInInbox > 0 && (
              <span className="nav-count" data-testid="inbox-count-nav">
                <span aria-hidden="true">{newInInbox}</span>
                <span className="sr-only"> ({t('nav.inboxNew', { count: newInInbox })})</span>
              </span>
            )}
          </NavLink>
        )}
        {readsMetricsOnly && (
          <NavLink to="/inbox/metrics" current={at('/inbox/metrics')}>
            {t('nav.inboxMetrics')}
          </NavLink>
        )}
        {moderates && (
          <NavLink to="/moderation" current={at('/moderation')}>
            {t('nav.moderation')}
          </NavLink>
        )}
        {signedIn && mayOpenCrisis && (
          <NavLink to="/crisis" current={at('/crisis')}>
            {t('nav.crisis')}
          </NavLink>
        )}
        {signedIn && isAdmin && (
          <NavLink to="/users" current={at('/users')}>
            {t('nav.users')}
          </NavLink>
        )}
        {signedIn && (
          <NavLink to="/tokens" current={at('/tokens')}>
            {t('nav.tokens')}
          </NavLink>
        )}
        {!signedIn && status !== 'loading' && (
          <NavLink to="/login" current={at('/login')}>
            {t('nav.signIn')}
          </NavLink>
        )}
      </ul>
    </nav>
  );
}

/** Pages that need a session: wait for the probe, send signed-out visitors to /login. */
function RequireSession({ children, href }: { children: ReactNode; href: string }) {
  const t = useT();
  const { status, error, refresh } = useSession();
  useEffect(() => {
    if (status === 'signed-out') navigate(`/login?next=${encodeURIComponent(href)}`, { replace: true });
  }, [status, href]);
  if (status === 'signed-in') return <>{children}</>;
  if (status === 'error') {
    return (
      <div className="page">
        <h1>{t('error.generic')}</h1>
        <ProblemAlert error={error} />
        <Button className="btn" onPress={() => void refresh()}>
          {t('action.retry')}
        </Button>
      </div>
    );
  }
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

function route(pathname: string, href: string): ReactNode {
  if (pathname === '/' || pathname === '') return <HomePage />;
  if (matchPath('/verify', pathname)) return <VerifyPage />;
  if (matchPath('/channels/public', pathname)) return <PublicChannelsPage />;
  if (matchPath('/login', pathname)) return <LoginPage />;
  const guarded = (node: ReactNode) => <RequireSession href={href}>{node}</RequireSession>;
  if (matchPath('/registry', pathname)) return guarded(<RegistryPage orgId={null} />);
  let m = matchPath('/registry/:orgId', pathname);
  if (m && /^\d+$/.test(m.orgId!)) return guarded(<RegistryPage key={m.orgId} orgId={Number(m.orgId)} />);
  m = matchPath('/registry/:orgId/channels/new', pathname);
  if (m && /^\d+$/.test(m.orgId!)) return guarded(<ChannelPage key={`new-${m.orgId}`} channelId={null} orgId={Number(m.orgId)} />);
  m = matchPath('/channels/:id', pathname);
  if (m && /^\d+$/.test(m.id!)) return guarded(<ChannelPage key={m.id} channelId={Number(m.id)} orgId={null} />);
  if (matchPath('/users', pathname)) return guarded(<UsersPage />);
  m = matchPath('/users/:id', pathname);
  if (m && /^\d+$/.test(m.id!)) return guarded(<UserPage key={m.id} userId={Number(m.id)} />);
  m = matchPath('/history/:objectType/:objectId', pathname);
  if (m) return guarded(<HistoryPage key={`${m.objectType}/${m.objectId}`} objectType={m.objectType!} objectId={m.objectId!} />);
  m = matchPath('/registry/:orgId/policy', pathname);
  if (m && /^\d+$/.test(m.orgId!)) return guarded(<PolicyPage key={m.orgId} orgId={Number(m.orgId)} />);
  if (matchPath('/review', pathname)) return guarded(<ReviewQueuePage />);
  if (matchPath('/crisis', pathname)) return guarded(<CrisisListPage />);
  if (matchPath('/crisis/templates', pathname)) return guarded(<CrisisTemplatesPage templateId={null} />);
  if (matchPath('/crisis/templates/new', pathname)) return guarded(<CrisisTemplatesPage templateId="new" />);
  m = matchPath('/crisis/templates/:id', pathname);
  if (m && /^\d+$/.test(m.id!)) return guarded(<CrisisTemplatesPage templateId={Number(m.id)} />);
  m = matchPath('/crisis/:id', pathname);
  if (m && /^\d+$/.test(m.id!)) return guarded(<CrisisPage key={m.id} crisisId={Number(m.id)} />);
  if (matchPath('/inbox', pathname)) return guarded(<InboxPage />);
  if (matchPath('/inbox/search', pathname)) return guarded(<InboxSearchPage />);
  if (matchPath('/inbox/metrics', pathname)) return guarded(<InboxMetricsPage />);
  m = matchPath('/inbox/conversations/:id', pathname);
  if (m && /^\d+$/.test(m.id!)) return guarded(<ConversationPage key={m.id} conversationId={Number(m.id)} />);
  if (matchPath('/saved-replies', pathname)) return guarded(<SavedRepliesPage />);
  if (matchPath('/moderation', pathname)) return guarded(<ModerationQueuePage />);
  m = matchPath('/moderation/items/:id', pathname);
  if (m && /^\d+$/.test(m.id!)) return guarded(<ModerationItemPage key={m.id} itemId={Number(m.id)} />);
  m = matchPath('/organisations/:id/moderation', pathname);
  if (m && /^\d+$/.test(m.id!)) return guarded(<ModerationSettingsPage key={m.id} orgId={Number(m.id)} />);
  m = matchPath('/organisations/:id/inbox', pathname);
  if (m && /^\d+$/.test(m.id!)) return guarded(<InboxSettingsPage key={m.id} orgId={Number(m.id)} />);
  if (matchPath('/tokens', pathname)) return guarded(<TokensPage />);
  if (matchPath('/posts', pathname)) return guarded(<PostsPage />);
  if (matchPath('/posts/calendar', pathname)) return guarded(<CalendarPage />);
  // /posts/new and /posts/<id> share one element so that a new draft keeps its form when it gets its id.
  if (matchPath('/posts/new', pathname)) return guarded(<ComposerRoute postId={null} />);
  m = matchPath('/posts/:id', pathname);
  if (m && /^\d+$/.test(m.id!)) return guarded(<ComposerRoute postId={Number(m.id)} />);
  return <NotFoundPage />;
}

export function App() {
  const t = useT();
  const { status } = useSession();
  const { pathname, href } = useLocation();
  return (
    <InboxEventsProvider>
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          const main = document.getElementById('main');
          main?.focus();
          main?.scrollIntoView();
        }}
      >
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <div className="brand">
            <Link to="/" className="brand-name">
              belfry
            </Link>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </div>
          <div className="header-tools">
            <LanguageSwitcher />
            <SessionBox />
          </div>
        </div>
        <MainNav pathname={pathname} />
        <CrisisBanner signedIn={status === 'signed-in'} pathname={pathname} />
      </header>
      <main id="main" tabIndex={-1} className="main">
        <Suspense
          fallback={
            <p className="loading" role="status">
              {t('common.loading')}
            </p>
          }
        >
          {route(pathname, href)}
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </div>
    </InboxEventsProvider>
  );
}
