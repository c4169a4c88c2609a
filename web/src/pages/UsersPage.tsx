import { useState } from 'react';
import { Button, Disclosure, DisclosurePanel, Heading } from 'react-aria-components';
import { Form } from 'react-aria-components';
import { ApiError, createUser, type Language, listUsers } from '../api';
import { SelectField, TextInput } from '../components/fields';
import { Page } from '../components/Page';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { LANGUAGE_AUTONYMS, UI_LANGUAGES, useLocale } from '../i18n';
import { useFormatDateTime, useT } from '../i18n/useT';
import { Link, navigate } from '../router';

function NewUserForm() {
  const t = useT();
  const { locale: uiLocale } = useLocale();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [locale, setLocale] = useState<string>(uiLocale);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errs = error instanceof ApiError ? error.fieldErrors() : {};
  return (
    <Form
      className="form"
      validationBehavior="aria"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const u = await createUser({
            username: username.trim(),
            display_name: displayName.trim(),
            ...(email.trim() ? { email: email.trim() } : {}),
            password,
            locale: locale as Language,
          });
          navigate(`/users/${u.id}`, { flash: t('users.created', { name: u.username }) });
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      {error ? <ProblemAlert error={error} autoFocus /> : null}
      <p className="form-note">{t('form.requiredNote')}</p>
      <TextInput label={t('user.username')} name="username" value={username} onChange={setUsername} error={errs.username} isRequired autoComplete="off" spellCheck={false} />
      <TextInput label={t('user.displayName')} name="display_name" value={displayName} onChange={setDisplayName} error={errs.display_name} isRequired autoComplete="off" />
      <TextInput label={t('user.email')} name="email" type="email" value={email} onChange={setEmail} error={errs.email} autoComplete="off" />
      <TextInput
        label={t('user.password')}
        name="password"
        type="password"
        value={password}
        onChange={setPassword}
        description={t('user.passwordHelp')}
        error={errs.password}
        isRequired
        autoComplete="new-password"
      />
      <SelectField
        label={t('user.locale')}
        name="locale"
        value={locale}
        onChange={setLocale}
        options={UI_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_AUTONYMS[l], lang: l }))}
        error={errs.locale}
      />
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {t('users.create')}
        </Button>
      </div>
    </Form>
  );
}

export function UsersPage() {
  const t = useT();
  const fmt = useFormatDateTime();
  const users = useAsync(() => listUsers(), []);
  return (
    <Page title={t('users.title')}>
      <p className="lead">{t('users.intro')}</p>
      <ProblemAlert error={users.error} />
      {users.loading && <p role="status">{t('common.loading')}</p>}
      {users.data && (
        <section aria-labelledby="users-list-title" className="section">
          <h2 id="users-list-title">{t('users.list')}</h2>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('user.username')}</th>
                  <th scope="col">{t('user.displayName')}</th>
                  <th scope="col">{t('user.email')}</th>
                  <th scope="col">{t('user.locale')}</th>
                  <th scope="col">{t('user.state')}</th>
                  <th scope="col">{t('user.lastLogin')}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">
                      <Link to={`/users/${u.id}`}>{u.username}</Link>
                    </th>
                    <td>{u.display_name}</td>
                    <td>{u.email ?? '—'}</td>
                    <td>{u.locale ? u.locale.toUpperCase() : '—'}</td>
                    <td>{u.disabled ? <span className="badge badge-archived">{t('user.disabled')}</span> : <span className="badge badge-active">{t('user.enabled')}</span>}</td>
                    <td>{u.last_login_at ? fmt(u.last_login_at) : t('user.never')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {!(users.error instanceof ApiError && users.error.status === 403) && (
        <section className="section">
          <Disclosure className="disclosure">
            <Heading level={2} className="disclosure-heading">
              <Button slot="trigger" className="disclosure-trigger">
                <span className="disclosure-icon" aria-hidden="true" />
                {t('users.new')}
              </Button>
            </Heading>
            <DisclosurePanel className="disclosure-panel">
              <NewUserForm />
            </DisclosurePanel>
          </Disclosure>
        </section>
      )}
    </Page>
  );
}
