import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { ApiError } from '../api';
import { TextInput } from '../components/fields';
import { Page } from '../components/Page';
import { ProblemAlert, SuccessNote } from '../components/ProblemAlert';
import { useT } from '../i18n/useT';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';

function safeNext(next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login')) return next;
  return '/registry';
}

export function LoginPage() {
  const t = useT();
  const { search } = useLocation();
  const { status, session, signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (status === 'signed-in' && session) {
    return (
      <Page title={t('login.title')}>
        <p>{t('login.already', { name: session.user.display_name || session.user.username })}</p>
        <p>
          <Link to={safeNext(search.get('next'))}>{t('login.continue')}</Link>
        </p>
      </Page>
    );
  }

  return (
    <Page title={t('login.title')} className="narrow">
      {search.get('signed_out') && <SuccessNote>{t('login.signedOut')}</SuccessNote>}
      {error ? <ProblemAlert error={error} title={error instanceof ApiError && error.status === 429 ? t('error.throttled') : t('login.failed')} /> : null}
      <Form
        className="form"
        validationBehavior="aria"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await signIn(username, password);
            navigate(safeNext(search.get('next')), { replace: true });
          } catch (err) {
            setError(err);
            setPassword('');
          } finally {
            setBusy(false);
          }
        }}
      >
        <TextInput label={t('login.username')} name="username" value={username} onChange={setUsername} autoComplete="username" isRequired spellCheck={false} />
        <TextInput label={t('login.password')} name="password" type="password" value={password} onChange={setPassword} autoComplete="current-password" isRequired />
        <div className="actions">
          <Button type="submit" className="btn btn-primary" isDisabled={busy}>
            {t('login.submit')}
          </Button>
        </div>
      </Form>
    </Page>
  );
}
