// Saved replies (/saved-replies): answers written in advance, one text per language, with
// variables filled in when sent ({citizen_name}, {citizen_handle}, {link}, {channel}). Everyone who
// reads the inbox sees them; administrators and editors write, change and delete them.
import { type Key, useCallback, useState } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { ApiError, createSavedReply, deleteSavedReply, INBOX_READ_ROLES, type Language, LANGUAGES, listOrganisations, listSavedReplies, type Organisation, SAVED_REPLY_ROLES, type SavedReply, updateSavedReply } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { SelectField, TextInput } from '../components/fields';
import { languageName } from '../components/labels';
import { Page } from '../components/Page';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useHasRoleOn } from '../components/inbox/access';
import { FocusNote } from '../components/inbox/Decision';
import { InboxNav } from '../components/inbox/InboxNav';
import { useT } from '../i18n/useT';
import { OrgName, useOrgOptions } from '../orgs';
import { navigate, useLocation } from '../router';
import { hasRoleAnywhere, useSession } from '../session';

const VARIABLES = ['citizen_name', 'citizen_handle', 'link', 'channel'] as const;

function VariablesHelp() {
  const t = useT();
  const meaning: Record<(typeof VARIABLES)[number], string> = {
    citizen_name: t('savedReplies.varCitizenName'),
    citizen_handle: t('savedReplies.varCitizenHandle'),
    link: t('savedReplies.varLink'),
    channel: t('savedReplies.varChannel'),
  };
  return (
    <details className="placeholder-help">
      <summary>{t('savedReplies.variablesHelp')}</summary>
      <table className="table table-compact">
        <caption className="sr-only">{t('savedReplies.variablesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('savedReplies.variable')}</th>
            <th scope="col">{t('savedReplies.meaning')}</th>
          </tr>
        </thead>
        <tbody>
          {VARIABLES.map((v) => (
            <tr key={v}>
              <th scope="row">
                <code>{`{${v}}`}</code>
              </th>
              <td>{meaning[v]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function ReplyForm({ initial, orgs, canWrite, onSaved, onCancel }: { initial: SavedReply | null; orgs: Organisation[]; canWrite: (id: number) => boolean; onSaved: (r: SavedReply) => void; onCancel: () => void }) {
  const t = useT();
  const keep = useCallback((o: Organisation) => canWrite(o.id), [canWrite]);
  const orgOptions = useOrgOptions(orgs, keep);
  const [orgId, setOrgId] = useState(initial ? String(initial.organisation_id) : (orgOptions[0]?.value ?? ''));
  const [name, setName] = useState(initial?.name ?? '');
  const [category, setCategory] = useState(initial?.category ?? '');
  const [link, setLink] = useState(initial?.link ?? '');
  const [texts, setTexts] = useState<Partial<Record<Language, string>>>(() => Object.fromEntries((initial?.variants ?? []).map((v) => [v.language, v.text])));
  const [tab, setTab] = useState<Language>('fr');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = error instanceof ApiError ? error.fieldErrors() : {};
  const titleId = 'reply-form-title';

  const save = async () => {
    const p: Record<string, string> = {};
    if (!initial && !orgId) p.organisation_id = t('savedReplies.orgRequired');
    if (!name.trim()) p.name = t('savedReplies.nameRequired');
    const variants = LANGUAGES.filter((l) => texts[l]?.trim()).map((l) => ({ language: l, text: texts[l]!.trim() }));
    if (variants.length === 0) p.variants = t('savedReplies.textRequired');
    if (link.trim() && !/^https?:\/\/\S+$/.test(link.trim())) p.link = t('savedReplies.linkInvalid');
    setProblems(p);
    setError(null);
    if (Object.keys(p).length) return;
    setBusy(true);
    try {
      const body = { name: name.trim(), category: category.trim() || null, link: link.trim() || null, variants };
      onSaved(initial ? await updateSavedReply(initial.id, body) : await createSavedReply({ organisation_id: Number(orgId), ...body }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form reply-form"
      aria-labelledby={titleId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id={titleId}>{initial ? t('savedReplies.editTitle', { name: initial.name }) : t('savedReplies.newTitle')}</h2>
      {error != null && <ProblemAlert error={error} title={t('savedReplies.refused')} autoFocus />}
      {!initial && <SelectField label={t('inbox.organisation')} name="organisation_id" value={orgId} onChange={setOrgId} options={orgOptions} isRequired error={problems.organisation_id ?? server.organisation_id} />}
      <div className="field-row">
        <TextInput label={t('savedReplies.name')} name="reply_name" value={name} onChange={setName} isRequired description={t('savedReplies.nameHelp')} error={problems.name ?? server.name} />
        <TextInput label={t('inbox.category')} name="reply_category" value={category} onChange={setCategory} description={t('savedReplies.categoryHelp')} error={server.category} />
      </div>
      <TextInput label={t('savedReplies.link')} name="reply_link" type="url" inputMode="url" value={link} onChange={setLink} description={t('savedReplies.linkHelp', { variable: '{link}' })} error={problems.link ?? server.link} spellCheck={false} />
      <VariablesHelp />
      <fieldset className="fieldset">
        <legend>{t('savedReplies.texts')}</legend>
        <p className="field-description">{t('savedReplies.textsHelp')}</p>
        {(problems.variants ?? server.variants) && <p className="field-error">{problems.variants ?? server.variants}</p>}
        <Tabs selectedKey={tab} onSelectionChange={(k: Key) => setTab(String(k) as Language)} className="tabs">
          <TabList aria-label={t('savedReplies.languageTabs')} className="tab-list">
            {LANGUAGES.map((l) => (
              <Tab key={l} id={l} className="tab">
                {texts[l]?.trim() ? t('savedReplies.tabFilled', { language: languageName(t, l) }) : languageName(t, l)}
              </Tab>
            ))}
          </TabList>
          {LANGUAGES.map((l) => (
            <TabPanel key={l} id={l} className="tab-panel">
              <TextInput
                label={t('savedReplies.textIn', { language: languageName(t, l) })}
                name={`text_${l}`}
                value={texts[l] ?? ''}
                onChange={(v) => setTexts((x) => ({ ...x, [l]: v }))}
                multiline
                rows={6}
                lang={l}
                error={server[`variants.${l}`]}
              />
            </TabPanel>
          ))}
        </Tabs>
      </fieldset>
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {t('savedReplies.save')}
        </Button>
        <Button className="btn" onPress={onCancel}>
          {t('action.cancel')}
        </Button>
      </div>
    </form>
  );
}

export function SavedRepliesPage() {
  const t = useT();
  const { session } = useSession();
  const { pathname, search } = useLocation();
  const orgParam = search.get('organisation_id') ?? '';
  const orgId = /^\d+$/.test(orgParam) ? Number(orgParam) : undefined;
  const orgs = useAsync(() => listOrganisations(), []);
  const orgList = orgs.data?.items ?? [];
  const reads = useHasRoleOn(orgList, INBOX_READ_ROLES);
  const writes = useHasRoleOn(orgList, SAVED_REPLY_ROLES);
  const keep = useCallback((o: Organisation) => reads(o.id), [reads]);
  const orgOptions = useOrgOptions(orgList, keep);
  const replies = useAsync(() => listSavedReplies({ organisation_id: orgId }), [orgId]);
  const [editing, setEditing] = useState<SavedReply | 'new' | null>(null);
  const [note, setNote] = useState<{ n: number; text: string } | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const mayWriteSome = hasRoleAnywhere(session, SAVED_REPLY_ROLES);
  const items = replies.data?.items ?? [];

  return (
    <Page title={t('savedReplies.title')} className="wide">
      <InboxNav />
      <p className="lead">{t('savedReplies.intro')}</p>
      {note && (
        <FocusNote key={note.n} testId="reply-note">
          {note.text}
        </FocusNote>
      )}
      <form className="filters" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label={t('inbox.organisation')}
          name="organisation_filter"
          value={orgParam}
          onChange={(v) => navigate(v ? `${pathname}?organisation_id=${v}` : pathname, { replace: true })}
          options={[{ value: '', label: t('filters.all') }, ...orgOptions]}
        />
      </form>
      {mayWriteSome && editing === null && (
        <div className="actions">
          <Button className="btn btn-primary" onPress={() => setEditing('new')}>
            {t('savedReplies.new')}
          </Button>
        </div>
      )}
      {editing !== null && (
        <ReplyForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? null : editing}
          orgs={orgList}
          canWrite={writes}
          onCancel={() => setEditing(null)}
          onSaved={(r) => {
            setEditing(null);
            setNote({ n: Date.now(), text: t('savedReplies.saved', { name: r.name }) });
            replies.reload();
          }}
        />
      )}
      <p className="result-count" role="status">
        {replies.loading && !replies.data ? t('common.loading') : replies.data ? t('savedReplies.count', { count: items.length }) : ''}
      </p>
      <ProblemAlert error={replies.error ?? orgs.error ?? deleteError} />
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table replies-table">
            <caption className="sr-only">{t('savedReplies.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('savedReplies.name')}</th>
                <th scope="col">{t('inbox.category')}</th>
                <th scope="col">{t('savedReplies.languages')}</th>
                <th scope="col">{t('inbox.organisation')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => {
                const org = orgList.find((o) => o.id === r.organisation_id);
                const langs = r.variants.filter((v) => v.text.trim()).map((v) => v.language);
                return (
                  <tr key={r.id} data-reply-id={r.id}>
                    <th scope="row">{r.name}</th>
                    <td>{r.category || '—'}</td>
                    <td>
                      {LANGUAGES.filter((l) => langs.includes(l)).map((l) => (
                        <abbr key={l} className="lang-tag" title={languageName(t, l)} aria-hidden="true">
                          {l.toUpperCase()}
                        </abbr>
                      ))}
                      <span className="sr-only">{langs.map((l) => languageName(t, l)).join(', ')}</span>
                    </td>
                    <td>{org ? <OrgName names={org.names} fallback={org.slug} /> : `#${r.organisation_id}`}</td>
                    <td>
                      {writes(r.organisation_id) ? (
                        <div className="actions">
                          <Button className="btn btn-small" onPress={() => setEditing(r)}>
                            {t('savedReplies.edit')}
                            <span className="sr-only"> — {r.name}</span>
                          </Button>
                          <ConfirmButton
                            label={t('savedReplies.delete')}
                            labelContext={r.name}
                            title={t('savedReplies.deleteTitle')}
                            message={t('savedReplies.deleteMessage', { name: r.name })}
                            confirmLabel={t('savedReplies.deleteConfirm')}
                            onConfirm={async () => {
                              try {
                                await deleteSavedReply(r.id);
                                setNote({ n: Date.now(), text: t('savedReplies.deleted', { name: r.name }) });
                                replies.reload();
                              } catch (e) {
                                setDeleteError(e);
                              }
                            }}
                          />
                        </div>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
