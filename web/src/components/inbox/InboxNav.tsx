// The inbox's own navigation (conversations, search, saved replies, metrics), under the page title.
import { INBOX_READ_ROLES, METRICS_ROLES } from '../../api';
import { useT } from '../../i18n/useT';
import { Link, useLocation } from '../../router';
import { hasRoleAnywhere, useSession } from '../../session';

export function InboxNav() {
  const t = useT();
  const { pathname } = useLocation();
  const { session } = useSession();
  const reads = hasRoleAnywhere(session, INBOX_READ_ROLES);
  const links: { to: string; label: string; show: boolean }[] = [
    { to: '/inbox', label: t('inboxNav.conversations'), show: reads },
    { to: '/inbox/search', label: t('inboxNav.search'), show: reads },
    { to: '/saved-replies', label: t('inboxNav.savedReplies'), show: reads },
    { to: '/inbox/metrics', label: t('inboxNav.metrics'), show: hasRoleAnywhere(session, METRICS_ROLES) },
  ];
  const current = (to: string) => (to === '/inbox' ? pathname === '/inbox' || pathname.startsWith('/inbox/conversations') : pathname === to);
  return (
    <nav className="sub-nav" aria-label={t('inboxNav.label')}>
      <ul>
        {links
          .filter((l) => l.show)
          .map((l) => (
            <li key={l.to}>
              <Link to={l.to} aria-current={current(l.to) ? 'page' : undefined}>
                {l.label}
              </Link>
            </li>
          ))}
      </ul>
    </nav>
  );
}
