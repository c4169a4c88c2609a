// An organisation's moderation (/organisations/:id/moderation): the policy that applies (the two
// thresholds in words, the categories acted on, the learned model), inherited or set here by its
// administrators; the lexicon (own and inherited terms, added or allowed, per category and
// language) that moderators edit; and "try a text" to see the scores and what would happen.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import {
  addModerationTerm,
  ApiError,
  deleteModerationTerm,
  getModerationSettings,
  LANGUAGES,
  listModerationTerms,
  listOrganisations,
  MODERATION_CATEGORIES,
  MODERATION_ROLES,
  type ModerationSettings,
  type ModerationSettingsView,
  type ModerationTry,
  putModerationSettings,
  tryModeration,
} from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { Checkboxes, SelectField, SingleCheckbox, TextInput } from '../components/fields';
import { languageName } from '../components/labels';
import { Page } from '../components/Page';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useHasRoleOn, useOrgLabel } from '../components/inbox/access';
import { FocusNote } from '../components/inbox/Decision';
import { InheritChoice } from '../components/inbox/forms';
import { moderationCategoryLabel, personalDataLabel, useFormatPercent } from '../components/inbox/labels';
import { useLocale } from '../i18n';
import { type Translate, useT } from '../i18n/useT';
import { useOrgName } from '../orgs';
import { Link } from '../router';

const ADMIN = ['administrator' as const];
const pct = (x: number) => String(Math.round(x * 100));

function outcomeText(t: Translate, action: string, category: string | null): string {
  const cat = category ? moderationCategoryLabel(t, category) : '';
  switch (action) {
    case 'hide':
      return t('modTry.wouldHide', { category: cat });
    case 'queue':
      return t('modTry.wouldQueue', { category: cat });
    default:
      return t('modTry.wouldNothing');
  }
}

/** The thresholds in words: what happens to a message at each score. */
function ThresholdsInWords({ s }: { s: ModerationSettings }) {
  const t = useT();
  const { locale } = useLocale();
  const list = new Intl.ListFormat(locale, { type: 'conjunction' });
  return (
    <ul className="plain-list thresholds-words" data-testid="thresholds-words">
      <li>{t('modSettings.wordsHide', { hide: pct(s.hide_threshold) })}</li>
      <li>{t('modSettings.wordsQueue', { queue: pct(s.queue_threshold), hide: pct(s.hide_threshold) })}</li>
      <li>{t('modSettings.wordsNothing', { queue: pct(s.queue_threshold) })}</li>
      <li>{s.categories.length ? t('modSettings.wordsCategories', { categories: list.format(s.categories.map((c) => moderationCategoryLabel(t, c))) }) : t('modSettings.wordsNoCategories')}</li>
      <li>{s.use_model ? t('modSettings.wordsModel') : t('modSettings.wordsRulesOnly')}</li>
    </ul>
  );
}

function SettingsForm({ orgId, view, inheritedFrom, onSaved }: { orgId: number; view: ModerationSettingsView; inheritedFrom: string | null; onSaved: (v: ModerationSettingsView) => void }) {
  const t = useT();
  const start = view.own ?? view.effective;
  const [own, setOwn] = useState(view.own != null);
  const [hide, setHide] = useState(pct(start.hide_threshold));
  const [queue, setQueue] = useState(pct(start.queue_threshold));
  const [categories, setCategories] = useState<string[]>([...start.categories]);
  const [useModel, setUseModel] = useState(start.use_model);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = error instanceof ApiError ? error.fieldErrors() : {};

  const save = async () => {
    const p: Record<string, string> = {};
    const h = Number(hide);
    const q = Number(queue);
    if (own) {
      if (!/^\d{1,3}$/.test(hide.trim()) || h < 1 || h > 100) p.hide = t('modSettings.percentInvalid');
      if (!/^\d{1,3}$/.test(queue.trim()) || q < 1 || q > 100) p.queue = t('modSettings.percentInvalid');
      if (!p.hide && !p.queue && q > h) p.queue = t('modSettings.queueAboveHide');
    }
    setProblems(p);
    setError(null);
    if (Object.keys(p).length) return;
    setBusy(true);
    try {
      onSaved(await putModerationSettings(orgId, own ? { hide_threshold: h / 100, queue_threshold: q / 100, categories, use_model: useModel } : null));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form settings-form"
      aria-labelledby="mod-edit-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="mod-edit-title">{t('modSettings.editTitle')}</h2>
      {error != null && <ProblemAlert error={error} title={t('settings.refused')} autoFocus />}
      <InheritChoice name="moderation_source" own={own} onChange={setOwn} inheritedFrom={inheritedFrom} />
      {own && (
        <>
          <div className="field-row">
            <TextInput
              label={t('modSettings.hideThreshold')}
              name="hide_threshold"
              value={hide}
              onChange={setHide}
              inputMode="numeric"
              description={t('modSettings.hideHelp')}
              error={problems.hide ?? server.hide_threshold}
              isRequired
            />
            <TextInput
              label={t('modSettings.queueThreshold')}
              name="queue_threshold"
              value={queue}
              onChange={setQueue}
              inputMode="numeric"
              description={t('modSettings.queueHelp')}
              error={problems.queue ?? server.queue_threshold}
              isRequired
            />
          </div>
          <Checkboxes
            label={t('modSettings.categories')}
            name="categories"
            value={categories}
            onChange={setCategories}
            options={MODERATION_CATEGORIES.map((c) => ({ value: c, label: moderationCategoryLabel(t, c) }))}
            description={t('modSettings.categoriesHelp')}
            error={server.categories}
          />
          <SingleCheckbox name="use_model" label={t('modSettings.useModel')} isSelected={useModel} onChange={setUseModel} />
          <p className="field-description">{t('modSettings.useModelHelp')}</p>
        </>
      )}
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {t('modSettings.save')}
        </Button>
      </div>
    </form>
  );
}

function Lexicon({ orgId, canEdit, orgLabel }: { orgId: number; canEdit: boolean; orgLabel: (id: number, fallback: string) => string }) {
  const t = useT();
  const terms = useAsync(() => listModerationTerms(orgId), [orgId]);
  const [kind, setKind] = useState('add');
  const [category, setCategory] = useState<string>('insult');
  const [language, setLanguage] = useState('');
  const [term, setTerm] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const server = error instanceof ApiError ? error.fieldErrors() : {};
  const items = terms.data?.items ?? [];

  const add = async () => {
    if (!term.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    setDone('');
    try {
      const made = await addModerationTerm(orgId, { kind, category, language, term: term.trim() });
      setTerm('');
      setDone(t('lexicon.added', { term: made.term }));
      terms.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="lexicon-title" className="section">
      <h2 id="lexicon-title">{t('lexicon.title')}</h2>
      <p className="field-description">{t('lexicon.intro')}</p>
      <ProblemAlert error={terms.error} />
      <p role="status" className="form-done" data-testid="lexicon-status">
        {done}
      </p>
      {terms.data && items.length === 0 && <p>{t('lexicon.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact lexicon-table">
            <caption className="sr-only">{t('lexicon.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('lexicon.term')}</th>
                <th scope="col">{t('lexicon.kind')}</th>
                <th scope="col">{t('moderation.category')}</th>
                <th scope="col">{t('inbox.language')}</th>
                <th scope="col">{t('lexicon.from')}</th>
                {canEdit && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((x) => {
                const mine = x.organisation_id === orgId;
                return (
                  <tr key={x.id} data-term-id={x.id} data-own={mine ? 'true' : 'false'}>
                    <th scope="row">
                      <bdi>{x.term}</bdi>
                    </th>
                    <td>{x.kind === 'allow' ? t('lexicon.kindAllow') : t('lexicon.kindAdd')}</td>
                    <td>{moderationCategoryLabel(t, x.category)}</td>
                    <td>{x.language ? languageName(t, x.language) : t('lexicon.allLanguages')}</td>
                    <td>{mine ? t('lexicon.thisOrganisation') : t('lexicon.inheritedFrom', { organisation: orgLabel(x.organisation_id, x.organisation?.name ?? `#${x.organisation_id}`) })}</td>
                    {canEdit && (
                      <td>
                        {mine ? (
                          <ConfirmButton
                            label={t('lexicon.delete')}
                            labelContext={x.term}
                            title={t('lexicon.deleteTitle')}
                            message={t('lexicon.deleteMessage', { term: x.term })}
                            confirmLabel={t('lexicon.deleteConfirm')}
                            onConfirm={async () => {
                              try {
                                await deleteModerationTerm(x.id);
                                setDone(t('lexicon.deleted', { term: x.term }));
                                terms.reload();
                              } catch (e) {
                                setError(e);
                              }
                            }}
                          />
                        ) : (
                          '—'
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {canEdit && (
        <form
          className="form form-inline lexicon-form"
          aria-labelledby="lexicon-add-title"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h3 id="lexicon-add-title" className="grow-full">
            {t('lexicon.addTitle')}
          </h3>
          {error != null && !server.term && <ProblemAlert error={error} />}
          <SelectField
            label={t('lexicon.kind')}
            name="kind"
            value={kind}
            onChange={setKind}
            options={[
              { value: 'add', label: t('lexicon.kindAdd') },
              { value: 'allow', label: t('lexicon.kindAllow') },
            ]}
          />
          <SelectField label={t('moderation.category')} name="term_category" value={category} onChange={setCategory} options={MODERATION_CATEGORIES.map((c) => ({ value: c, label: moderationCategoryLabel(t, c) }))} />
          <SelectField
            label={t('inbox.language')}
            name="term_language"
            value={language}
            onChange={setLanguage}
            options={[{ value: '', label: t('lexicon.allLanguages') }, ...LANGUAGES.map((l) => ({ value: l, label: languageName(t, l) }))]}
          />
          <TextInput
            label={t('lexicon.term')}
            name="term"
            value={term}
            onChange={(v) => {
              setTerm(v);
              setMissing(false);
            }}
            isRequired
            spellCheck={false}
            error={missing ? t('lexicon.termRequired') : server.term}
          />
          <div className="actions">
            <Button type="submit" className="btn" isDisabled={busy}>
              {t('lexicon.add')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

function TryText({ orgId }: { orgId: number }) {
  const t = useT();
  const percent = useFormatPercent();
  const [text, setText] = useState('');
  const [result, setResult] = useState<ModerationTry | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await tryModeration(orgId, text));
    } catch (e) {
      setError(e);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };
  const scores = result ? Object.entries(result.scores).sort((a, b) => b[1] - a[1]) : [];
  return (
    <section aria-labelledby="try-title" className="section">
      <h2 id="try-title">{t('modTry.title')}</h2>
      <form
        className="form"
        aria-labelledby="try-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <TextInput label={t('modTry.text')} name="try_text" value={text} onChange={setText} multiline rows={4} description={t('modTry.help')} />
        <div className="actions">
          <Button type="submit" className="btn" isDisabled={busy || !text.trim()}>
            {t('modTry.submit')}
          </Button>
        </div>
      </form>
      <ProblemAlert error={error} />
      <div role="status" data-testid="try-outcome">
        {result && <p className={`try-outcome try-${result.action}`}>{outcomeText(t, result.action, result.category)}</p>}
      </div>
      {result && (
        <>
          <div className="table-wrap">
            <table className="table table-compact">
              <caption>{t('modTry.scoresCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('moderation.category')}</th>
                  <th scope="col">{t('moderation.score')}</th>
                </tr>
              </thead>
              <tbody>
                {scores.map(([cat, s]) => (
                  <tr key={cat}>
                    <th scope="row">{moderationCategoryLabel(t, cat)}</th>
                    <td>
                      <meter className="bar" aria-hidden="true" min={0} max={1} value={Math.max(0, Math.min(1, s))} />{' '}
                      {percent(s)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('modTry.terms')}</h3>
          {result.terms.length === 0 ? (
            <p>{t('modTry.noTerms')}</p>
          ) : (
            <ul className="plain-list">
              {result.terms.map((x, i) => (
                <li key={i}>
                  <mark className="matched-word">
                    <bdi>{x.term}</bdi>
                  </mark>{' '}
                  — {moderationCategoryLabel(t, x.category)}
                  {x.language ? ` (${languageName(t, x.language)})` : ''}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('modTry.personalData')}</h3>
          {result.personal_data.length === 0 ? (
            <p>{t('modTry.noPersonalData')}</p>
          ) : (
            <ul className="plain-list">
              {result.personal_data.map((x, i) => (
                <li key={i}>
                  {personalDataLabel(t, x.kind)}: <bdi>{x.text}</bdi>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

export function ModerationSettingsPage({ orgId }: { orgId: number }) {
  const t = useT();
  const nameOf = useOrgName();
  const orgs = useAsync(() => listOrganisations(), []);
  const orgList = orgs.data?.items ?? [];
  const org = orgList.find((o) => o.id === orgId);
  const settings = useAsync(() => getModerationSettings(orgId), [orgId]);
  const parentId = org?.parent_id ?? null;
  const parent = useAsync(() => getModerationSettings(parentId!), [parentId], parentId != null);
  const [view, setView] = useState<ModerationSettingsView | null>(null);
  const [saved, setSaved] = useState(0);
  const current = view ?? settings.data ?? null;
  const isAdmin = useHasRoleOn(orgList, ADMIN)(orgId);
  const moderates = useHasRoleOn(orgList, MODERATION_ROLES)(orgId);
  const title = org ? t('modSettings.titleOf', { organisation: nameOf(org.names, org.slug) }) : t('modSettings.title');
  const orgLabel = useOrgLabel(orgList);
  const inheritedFrom = parentId == null || !parent.data?.set_by ? null : orgLabel(parent.data.set_by.id, parent.data.set_by.name);

  return (
    <Page title={title} className="wide">
      <p className="back-link">
        <Link to={`/registry/${orgId}`}>{t('settings.backToOrganisation')}</Link> · <Link to={`/moderation?organisation_id=${orgId}`}>{t('modSettings.queueLink')}</Link>
      </p>
      <p className="lead">{t('modSettings.intro')}</p>
      {saved > 0 && (
        <FocusNote key={saved} testId="saved-note">
          {t('settings.saved')}
        </FocusNote>
      )}
      <ProblemAlert error={settings.error ?? orgs.error} />
      {settings.loading && !current && <p role="status">{t('common.loading')}</p>}
      {current && (
        <section aria-labelledby="mod-effective-title" className="section">
          <h2 id="mod-effective-title">{t('modSettings.effectiveTitle')}</h2>
          <p data-testid="mod-set-by">{current.own ? t('settings.setHereNow') : current.set_by ? t('settings.inheritedNow', { organisation: orgLabel(current.set_by.id, current.set_by.name) }) : t('settings.defaultNow')}</p>
          <ThresholdsInWords s={current.effective} />
        </section>
      )}
      {current && isAdmin && (
        <SettingsForm
          key={saved}
          orgId={orgId}
          view={current}
          inheritedFrom={inheritedFrom}
          onSaved={(v) => {
            setView(v);
            setSaved((n) => n + 1);
          }}
        />
      )}
      {current && !isAdmin && <p className="field-description">{t('modSettings.readOnly')}</p>}
      <Lexicon orgId={orgId} canEdit={moderates} orgLabel={orgLabel} />
      {moderates && <TryText orgId={orgId} />}
    </Page>
  );
}
