import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { ApiError, type ApiToken, createToken, listTokens, revokeToken } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { TextInput } from '../components/fields';
import { Page } from '../components/Page';
import { ProblemAlert, SuccessNote } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useFormatDateTime, useT } from '../i18n/useT';

function NewTokenForm({ onCreated }: { onCreated: (t: ApiToken & { token: string }) => void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
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
          const created = await createToken({ name: name.trim(), ...(expires ? { expires_at: `${expires}T23:59:59Z` } : {}) });
          setName('');
          setExpires('');
          onCreated(created);
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      {error ? <ProblemAlert error={error} autoFocus /> : null}
      <p className="form-note">{t('form.requiredNote')}</p>
      <TextInput label={t('token.name')} name="name" value={name} onChange={setName} description={t('token.nameHelp')} error={errs.name} isRequired autoComplete="off" />
      <TextInput label={t('token.expires')} name="expires_at" type="date" value={expires} onChange={setExpires} description={t('token.expiresHelp')} error={errs.expires_at} />
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {t('token.create')}
        </Button>
      </div>
    </Form>
  );
}

function NewTokenSecret({ token }: { token: ApiToken & { token: string } }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert alert-success token-secret" role="status">
      <p className="alert-title">{t('token.created', { name: token.name })}</p>
      <p>{t('token.once')}</p>
      <p>
        <code className="secret" data-testid="new-token">
          {token.token}
        </code>
      </p>
      <Button
        className="btn btn-small"
        onPress={async () => {
          try {
            await navigator.clipboard.writeText(token.token);
            setCopied(true);
          } catch {
            setCopied(false);
          }
        }}
      >
        {copied ? t('token.copied') : t('token.copy')}
      </Button>
    </div>
  );
}

export function TokensPage() {
  const t = useT();
  const fmt = useFormatDateTime();
  const tokens = useAsync(() => listTokens(), []);
  const [created, setCreated] = useState<(ApiToken & { token: string }) | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const items = tokens.data?.items ?? [];
  return (
    <Page title={t('token.title')}>
      <p className="lead">{t('token.intro')}</p>
      {created && <NewTokenSecret token={created} />}
      {note && <SuccessNote>{note}</SuccessNote>}
      <ProblemAlert error={tokens.error ?? actionError} />
      <section aria-labelledby="tokens-list-title" className="section">
        <h2 id="tokens-list-title">{t('token.list')}</h2>
        {tokens.loading && <p role="status">{t('common.loading')}</p>}
        {tokens.data && items.length === 0 && <p>{t('token.none')}</p>}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('token.name')}</th>
                  <th scope="col">{t('token.prefix')}</th>
                  <th scope="col">{t('token.createdAt')}</th>
                  <th scope="col">{t('token.expires')}</th>
                  <th scope="col">{t('token.lastUsed')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((k) => (
                  <tr key={k.id}>
                    <th scope="row">{k.name}</th>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>{fmt(k.created_at)}</td>
                    <td>{k.expires_at ? fmt(k.expires_at, false) : t('token.noExpiry')}</td>
                    <td>{k.last_used_at ? fmt(k.last_used_at) : t('user.never')}</td>
                    <td>
                      <ConfirmButton
                        label={t('token.revoke')}
                        labelContext={k.name}
                        title={t('token.revokeTitle')}
                        message={t('token.revokeText', { name: k.name })}
                        confirmLabel={t('token.revoke')}
                        onConfirm={async () => {
                          setActionError(null);
                          setNote(null);
                          try {
                            await revokeToken(k.id);
                            if (created?.id === k.id) setCreated(null);
                            setNote(t('token.revoked', { name: k.name }));
                            tokens.reload();
                          } catch (e) {
                            setActionError(e);
                          }
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="token-new-title" className="section">
        <h2 id="token-new-title">{t('token.new')}</h2>
        <NewTokenForm
          onCreated={(tok) => {
            setNote(null);
            setCreated(tok);
            tokens.reload();
          }}
        />
      </section>
    </Page>
  );
}
