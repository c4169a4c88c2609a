import { useEffect, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { ApiError, verifyAccount, type VerifyResult } from '../api';
import { TextInput } from '../components/fields';
import { LanguageList, networkName, StatusBadge } from '../components/labels';
import { Page } from '../components/Page';
import { ProblemAlert } from '../components/ProblemAlert';
import { OrgName } from '../orgs';
import { useFormatDateTime, useT } from '../i18n/useT';
import { navigate, useLocation } from '../router';

function Verdict({ result }: { result: VerifyResult }) {
  const t = useT();
  const fmt = useFormatDateTime();
  const c = result.channel;
  const o = result.organisation;
  const title =
    result.verdict === 'official'
      ? t('verify.official')
      : result.verdict === 'former'
        ? t('verify.former', { date: fmt(result.former_since, false) || '—' })
        : t('verify.unknown');
  const path = o ? (o.path?.length ? o.path : [{ id: o.id, names: o.names }]) : [];
  return (
    <section className={`verdict verdict-${result.verdict}`} aria-labelledby="verdict-title">
      <h2 id="verdict-title">
        <span className="verdict-icon" aria-hidden="true">
          {result.verdict === 'official' ? '✓' : result.verdict === 'former' ? '!' : '?'}
        </span>
        {title}
      </h2>
      <p>
        {result.verdict === 'official'
          ? t('verify.officialText')
          : result.verdict === 'former'
            ? t('verify.formerText')
            : t('verify.unknownText')}
      </p>
      <dl className="details">
        <dt>{t('verify.checked')}</dt>
        <dd>
          <code>{result.query.input}</code>
          {result.query.network && result.query.handle && (
            <>
              {' '}
              ({networkName(t, result.query.network)}, <code>{result.query.handle}</code>)
            </>
          )}
        </dd>
        {c && (
          <>
            <dt>{t('channel.displayName')}</dt>
            <dd>{c.display_name}</dd>
            <dt>{t('channel.network')}</dt>
            <dd>{networkName(t, c.network)}</dd>
            <dt>{t('channel.url')}</dt>
            <dd>
              <a href={c.url} rel="noopener noreferrer">
                {c.url}
              </a>
            </dd>
            <dt>{t('channel.languages')}</dt>
            <dd>
              <LanguageList languages={c.languages} />
            </dd>
            <dt>{t('channel.status')}</dt>
            <dd>
              <StatusBadge status={c.status} />
            </dd>
          </>
        )}
        {o && (
          <>
            <dt>{t('verify.organisation')}</dt>
            <dd>
              <ol className="org-path">
                {path.map((p) => (
                  <li key={p.id}>
                    <OrgName names={p.names} fallback={`#${p.id}`} />
                  </li>
                ))}
              </ol>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

export function VerifyPage() {
  const t = useT();
  const { search } = useLocation();
  const initial = search.get('url') ?? '';
  const [input, setInput] = useState(initial);
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const check = async (value: string) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await verifyAccount(value.trim()));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (initial.trim()) void check(initial);
  }, []);

  const fieldError = error instanceof ApiError && error.status === 400 ? error.problem.detail || t('verify.badInput') : undefined;

  return (
    <Page title={t('verify.title')}>
      <p className="lead">{t('verify.intro')}</p>
      <Form
        className="form form-inline"
        validationBehavior="aria"
        role="search"
        aria-label={t('verify.title')}
        onSubmit={(e) => {
          e.preventDefault();
          if (!input.trim()) {
            setResult(null);
            setError(new ApiError({ type: '/problems/invalid-request', title: t('verify.badInput'), status: 400, detail: t('verify.empty') }));
            return;
          }
          navigate(`/verify?url=${encodeURIComponent(input.trim())}`, { replace: true });
          void check(input);
        }}
      >
        <TextInput
          label={t('verify.input')}
          name="url"
          value={input}
          onChange={setInput}
          description={t('verify.inputHelp')}
          error={fieldError}
          isRequired
          spellCheck={false}
          inputMode="url"
          className="grow"
        />
        <div className="actions">
          <Button type="submit" className="btn btn-primary" isDisabled={busy}>
            {t('verify.submit')}
          </Button>
        </div>
      </Form>
      <div className="verify-result" aria-live="polite" aria-atomic="true">
        {busy && <p>{t('verify.checking')}</p>}
        {result && <Verdict result={result} />}
        {error && !(error instanceof ApiError && error.status === 400) ? <ProblemAlert error={error} /> : null}
        {fieldError && <p className="sr-only">{fieldError}</p>}
      </div>
    </Page>
  );
}
