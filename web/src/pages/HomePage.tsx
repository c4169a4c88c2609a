import { Page } from '../components/Page';
import { useT } from '../i18n/useT';
import { Link } from '../router';
import { useSession } from '../session';

export function HomePage() {
  const t = useT();
  const { status } = useSession();
  return (
    <Page title={t('home.title')}>
      <p className="lead">{t('home.intro')}</p>
      <ul className="card-list">
        <li className="card">
          <h2>
            <Link to="/verify">{t('nav.verify')}</Link>
          </h2>
          <p>{t('home.verify')}</p>
        </li>
        <li className="card">
          <h2>
            <Link to="/channels/public">{t('nav.publicChannels')}</Link>
          </h2>
          <p>{t('home.public')}</p>
        </li>
        <li className="card">
          <h2>
            {status === 'signed-in' ? <Link to="/registry">{t('nav.registry')}</Link> : <Link to="/login">{t('nav.signIn')}</Link>}
          </h2>
          <p>{t('home.staff')}</p>
        </li>
      </ul>
    </Page>
  );
}
