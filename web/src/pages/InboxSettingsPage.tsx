// An organisation's inbox settings (/organisations/:id/inbox): the response target (same business
// day, next business day or a number of business hours) with its business days and hours,
// inherited or set here, and the Belgian public holidays that do not count; the teams
// conversations can be assigned to; the category rules (keywords per language, in order).
import { useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { Button } from 'react-aria-components';
import {
  ApiError,
  type CategoryRule,
  createCategoryRule,
  createTeam,
  deleteCategoryRule,
  getInboxSettings,
  type InboxSettingsView,
  LANGUAGES,
  listCategoryRules,
  listOrganisations,
  listTeams,
  listUsers,
  putInboxSettings,
  type ResponseSettings,
  type Team,
  updateCategoryRule,
  updateTeam,
} from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { Checkboxes, SelectField, TextInput } from '../components/fields';
import { languageName } from '../components/labels';
import { Page } from '../components/Page';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useHasRoleOn, useOrgLabel } from '../components/inbox/access';
import { FocusNote } from '../components/inbox/Decision';
import { InheritChoice, lines, RadioChoice } from '../components/inbox/forms';
import { holidayLabel } from '../components/inbox/labels';
import { useLocale } from '../i18n';
import { useFormatDay, useT } from '../i18n/useT';
import { useOrgName } from '../orgs';
import { Link } from '../router';

const ADMIN = ['administrator' as const];
const DAYS = [1, 2, 3, 4, 5, 6, 7];

function useWeekday(): (d: number) => string {
  const intl = useIntl();
  return (d) => intl.formatDate(new Date(Date.UTC(2024, 0, d)), { weekday: 'long', timeZone: 'UTC' });
}

function TargetInWords({ s }: { s: ResponseSettings }) {
  const t = useT();
  const weekday = useWeekday();
  const { locale } = useLocale();
  const days = new Intl.ListFormat(locale, { type: 'conjunction' }).format([...s.business_days].sort().map(weekday));
  const target = s.target === 'hours' ? t('inboxSettings.targetHoursWords', { hours: s.target_hours }) : s.target === 'next_business_day' ? t('inboxSettings.targetNextWords') : t('inboxSettings.targetSameWords');
  return (
    <ul className="plain-list" data-testid="target-words">
      <li>{target}</li>
      <li>{t('inboxSettings.businessWords', { days, start: s.day_start, end: s.day_end })}</li>
      <li>{t('inboxSettings.holidaysWords')}</li>
    </ul>
  );
}

function ResponseForm({ orgId, view, inheritedFrom, onSaved }: { orgId: number; view: InboxSettingsView; inheritedFrom: string | null; onSaved: (v: InboxSettingsView) => void }) {
  const t = useT();
  const weekday = useWeekday();
  const start = view.own ?? view.effective;
  const [own, setOwn] = useState(view.own != null);
  const [target, setTarget] = useState<string>(start.target);
  const [hours, setHours] = useState(String(start.target_hours));
  const [days, setDays] = useState<string[]>(start.business_days.map(String));
  const [dayStart, setDayStart] = useState(start.day_start);
  const [dayEnd, setDayEnd] = useState(start.day_end);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = error instanceof ApiError ? error.fieldErrors() : {};

  const save = async () => {
    const p: Record<string, string> = {};
    if (own) {
      if (target === 'hours' && (!/^\d{1,3}$/.test(hours.trim()) || Number(hours) < 1)) p.target_hours = t('inboxSettings.hoursInvalid');
      if (days.length === 0) p.business_days = t('inboxSettings.daysRequired');
      if (!/^\d{2}:\d{2}$/.test(dayStart)) p.day_start = t('inboxSettings.timeInvalid');
      if (!/^\d{2}:\d{2}$/.test(dayEnd)) p.day_end = t('inboxSettings.timeInvalid');
      if (!p.day_start && !p.day_end && dayEnd <= dayStart) p.day_end = t('inboxSettings.endBeforeStart');
    }
    setProblems(p);
    setError(null);
    if (Object.keys(p).length) return;
    setBusy(true);
    try {
      const settings: ResponseSettings | null = own
        ? { target, target_hours: Number(hours) || start.target_hours, business_days: days.map(Number).sort(), day_start: dayStart, day_end: dayEnd }
        : null;
      onSaved(await putInboxSettings(orgId, settings));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form settings-form"
      aria-labelledby="target-edit-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="target-edit-title">{t('inboxSettings.editTitle')}</h2>
      {error != null && <ProblemAlert error={error} title={t('settings.refused')} autoFocus />}
      <InheritChoice name="inbox_source" own={own} onChange={setOwn} inheritedFrom={inheritedFrom} />
      {own && (
        <>
          <RadioChoice
            legend={t('inboxSettings.target')}
            name="target"
            value={target}
            onChange={setTarget}
            options={[
              { value: 'same_business_day', label: t('inboxSettings.targetSame') },
              { value: 'next_business_day', label: t('inboxSettings.targetNext') },
              { value: 'hours', label: t('inboxSettings.targetHours') },
            ]}
          />
          {target === 'hours' && (
            <TextInput label={t('inboxSettings.hours')} name="target_hours" value={hours} onChange={setHours} inputMode="numeric" isRequired error={problems.target_hours ?? server.target_hours} />
          )}
          <Checkboxes
            label={t('inboxSettings.businessDays')}
            name="business_days"
            value={days}
            onChange={setDays}
            options={DAYS.map((d) => ({ value: String(d), label: weekday(d) }))}
            error={problems.business_days ?? server.business_days}
          />
          <div className="field-row">
            <TextInput label={t('inboxSettings.dayStart')} name="day_start" type="time" value={dayStart} onChange={setDayStart} description={t('inboxSettings.brussels')} error={problems.day_start ?? server.day_start} />
            <TextInput label={t('inboxSettings.dayEnd')} name="day_end" type="time" value={dayEnd} onChange={setDayEnd} description={t('inboxSettings.brussels')} error={problems.day_end ?? server.day_end} />
          </div>
        </>
      )}
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {t('inboxSettings.save')}
        </Button>
      </div>
    </form>
  );
}

function Holidays({ view }: { view: InboxSettingsView }) {
  const t = useT();
  const day = useFormatDay();
  return (
    <section aria-labelledby="holidays-title" className="section">
      <h2 id="holidays-title">{t('inboxSettings.holidaysTitle')}</h2>
      {view.holidays.length === 0 ? (
        <p>{t('inboxSettings.noHolidays')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact holidays-table">
            <caption className="sr-only">{t('inboxSettings.holidaysCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('inboxSettings.date')}</th>
                <th scope="col">{t('inboxSettings.holiday')}</th>
              </tr>
            </thead>
            <tbody>
              {view.holidays.map((h) => (
                <tr key={`${h.date}-${h.key}`} data-holiday={h.key}>
                  <td>
                    <time dateTime={h.date}>{day(h.date)}</time>
                  </td>
                  <th scope="row">{holidayLabel(t, h.key)}</th>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TeamForm({ orgId, team, people, onSaved, onCancel }: { orgId: number; team: Team | null; people: { id: number; name: string }[]; onSaved: (t: Team) => void; onCancel?: () => void }) {
  const t = useT();
  const [name, setName] = useState(team?.name ?? '');
  const [members, setMembers] = useState<string[]>((team?.member_ids ?? []).map(String));
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = error instanceof ApiError ? error.fieldErrors() : {};
  const titleId = team ? `team-edit-${team.id}` : 'team-new-title';
  const save = async () => {
    if (!name.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), member_ids: members.map(Number) };
      onSaved(team ? await updateTeam(team.id, body) : await createTeam({ organisation_id: orgId, ...body }));
      if (!team) {
        setName('');
        setMembers([]);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="form team-form"
      aria-labelledby={titleId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id={titleId}>{team ? t('teams.editTitle', { name: team.name }) : t('teams.newTitle')}</h3>
      {error != null && !server.name && <ProblemAlert error={error} />}
      <TextInput
        label={t('teams.name')}
        name="team_name"
        value={name}
        onChange={(v) => {
          setName(v);
          setMissing(false);
        }}
        isRequired
        error={missing ? t('teams.nameRequired') : server.name}
      />
      {people.length > 0 ? (
        <Checkboxes label={t('teams.members')} name="member_ids" value={members} onChange={setMembers} options={people.map((p) => ({ value: String(p.id), label: p.name }))} error={server.member_ids} />
      ) : (
        <p className="field-description">{t('teams.noPeople')}</p>
      )}
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {team ? t('teams.save') : t('teams.create')}
        </Button>
        {onCancel && (
          <Button className="btn" onPress={onCancel}>
            {t('action.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}

function Teams({ orgId, canEdit }: { orgId: number; canEdit: boolean }) {
  const t = useT();
  const teams = useAsync(() => listTeams(orgId), [orgId]);
  const users = useAsync(() => listUsers(1, 200), [canEdit], canEdit);
  const [editing, setEditing] = useState<number | null>(null);
  const [done, setDone] = useState('');
  const people = useMemo(() => (users.data?.items ?? []).filter((u) => !u.disabled).map((u) => ({ id: u.id, name: u.display_name || u.username })).sort((a, b) => a.name.localeCompare(b.name)), [users.data]);
  const nameOf = (team: Team, id: number) => team.members?.find((m) => m.id === id)?.name ?? people.find((p) => p.id === id)?.name ?? `#${id}`;
  const items = teams.data?.items ?? [];
  return (
    <section aria-labelledby="teams-title" className="section">
      <h2 id="teams-title">{t('teams.title')}</h2>
      <p className="field-description">{t('teams.intro')}</p>
      <ProblemAlert error={teams.error ?? users.error} />
      <p role="status" className="form-done" data-testid="teams-status">
        {done}
      </p>
      {teams.data && items.length === 0 && <p>{t('teams.empty')}</p>}
      {items.length > 0 && (
        <ul className="plain-list team-list">
          {items.map((team) => (
            <li key={team.id} className="team" data-team-id={team.id}>
              {editing === team.id ? (
                <TeamForm
                  orgId={orgId}
                  team={team}
                  people={people}
                  onSaved={(x) => {
                    setEditing(null);
                    setDone(t('teams.saved', { name: x.name }));
                    teams.reload();
                  }}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <>
                  <h3>{team.name}</h3>
                  <p>{team.member_ids.length ? team.member_ids.map((id) => nameOf(team, id)).join(', ') : t('teams.noMembers')}</p>
                  {canEdit && (
                    <Button className="btn btn-small" onPress={() => setEditing(team.id)}>
                      {t('teams.edit')}
                      <span className="sr-only"> — {team.name}</span>
                    </Button>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <TeamForm
          orgId={orgId}
          team={null}
          people={people}
          onSaved={(x) => {
            setDone(t('teams.created', { name: x.name }));
            teams.reload();
          }}
        />
      )}
    </section>
  );
}

function Rules({ orgId, canEdit }: { orgId: number; canEdit: boolean }) {
  const t = useT();
  const rules = useAsync(() => listCategoryRules(orgId), [orgId]);
  const [category, setCategory] = useState('');
  const [language, setLanguage] = useState('');
  const [keywords, setKeywords] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const server = error instanceof ApiError ? error.fieldErrors() : {};
  const items = [...(rules.data?.items ?? [])].sort((a, b) => a.position - b.position || a.id - b.id);
  const own = items.filter((r) => r.organisation_id === orgId);

  const add = async () => {
    const p: Record<string, string> = {};
    if (!category.trim()) p.category = t('rules.categoryRequired');
    if (lines(keywords).length === 0) p.keywords = t('rules.keywordsRequired');
    setProblems(p);
    setError(null);
    if (Object.keys(p).length) return;
    setBusy(true);
    try {
      const position = own.reduce((m, r) => Math.max(m, r.position), 0) + 1;
      const r = await createCategoryRule({ organisation_id: orgId, category: category.trim(), language: language || null, keywords: lines(keywords), position });
      setCategory('');
      setKeywords('');
      setDone(t('rules.added', { category: r.category }));
      rules.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const move = async (r: CategoryRule, dir: -1 | 1) => {
    const i = own.findIndex((x) => x.id === r.id);
    const other = own[i + dir];
    if (!other) return;
    setError(null);
    try {
      const body = (x: CategoryRule, position: number) => ({ category: x.category, language: x.language, keywords: x.keywords, position });
      await updateCategoryRule(r.id, body(r, other.position));
      await updateCategoryRule(other.id, body(other, r.position === other.position ? r.position + dir : r.position));
      setDone(t('rules.moved', { category: r.category, position: i + dir + 1 }));
      rules.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby="rules-title" className="section">
      <h2 id="rules-title">{t('rules.title')}</h2>
      <p className="field-description">{t('rules.intro')}</p>
      <ProblemAlert error={rules.error} />
      {error != null && !server.category && !server.keywords && <ProblemAlert error={error} />}
      <p role="status" className="form-done" data-testid="rules-status">
        {done}
      </p>
      {rules.data && items.length === 0 && <p>{t('rules.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact rules-table">
            <caption className="sr-only">{t('rules.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rules.order')}</th>
                <th scope="col">{t('inbox.category')}</th>
                <th scope="col">{t('inbox.language')}</th>
                <th scope="col">{t('rules.keywords')}</th>
                {canEdit && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((r) => {
                const mine = r.organisation_id === orgId;
                const i = own.findIndex((x) => x.id === r.id);
                return (
                  <tr key={r.id} data-rule-id={r.id}>
                    <td>{i >= 0 ? i + 1 : t('rules.inherited')}</td>
                    <th scope="row">{r.category}</th>
                    <td>{r.language ? languageName(t, r.language) : t('lexicon.allLanguages')}</td>
                    <td>
                      <ul className="word-list">
                        {r.keywords.map((k, j) => (
                          <li key={j}>
                            <bdi>{k}</bdi>
                          </li>
                        ))}
                      </ul>
                    </td>
                    {canEdit && (
                      <td>
                        {mine && (
                          <div className="actions">
                            <Button className="btn btn-small" isDisabled={i <= 0} onPress={() => void move(r, -1)}>
                              {t('rules.up')}
                              <span className="sr-only"> — {r.category}</span>
                            </Button>
                            <Button className="btn btn-small" isDisabled={i >= own.length - 1} onPress={() => void move(r, 1)}>
                              {t('rules.down')}
                              <span className="sr-only"> — {r.category}</span>
                            </Button>
                            <ConfirmButton
                              label={t('rules.delete')}
                              labelContext={r.category}
                              title={t('rules.deleteTitle')}
                              message={t('rules.deleteMessage', { category: r.category })}
                              confirmLabel={t('rules.deleteConfirm')}
                              onConfirm={async () => {
                                try {
                                  await deleteCategoryRule(r.id);
                                  setDone(t('rules.deleted', { category: r.category }));
                                  rules.reload();
                                } catch (e) {
                                  setError(e);
                                }
                              }}
                            />
                          </div>
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
          className="form rule-form"
          aria-labelledby="rule-add-title"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h3 id="rule-add-title">{t('rules.addTitle')}</h3>
          <div className="field-row">
            <TextInput label={t('inbox.category')} name="rule_category" value={category} onChange={setCategory} isRequired description={t('rules.categoryHelp')} error={problems.category ?? server.category} />
            <SelectField
              label={t('inbox.language')}
              name="rule_language"
              value={language}
              onChange={setLanguage}
              options={[{ value: '', label: t('lexicon.allLanguages') }, ...LANGUAGES.map((l) => ({ value: l, label: languageName(t, l) }))]}
            />
          </div>
          <TextInput label={t('rules.keywords')} name="rule_keywords" value={keywords} onChange={setKeywords} multiline rows={3} isRequired description={t('rules.keywordsHelp')} error={problems.keywords ?? server.keywords} spellCheck={false} />
          <div className="actions">
            <Button type="submit" className="btn" isDisabled={busy}>
              {t('rules.add')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

export function InboxSettingsPage({ orgId }: { orgId: number }) {
  const t = useT();
  const nameOf = useOrgName();
  const orgs = useAsync(() => listOrganisations(), []);
  const orgList = orgs.data?.items ?? [];
  const org = orgList.find((o) => o.id === orgId);
  const settings = useAsync(() => getInboxSettings(orgId), [orgId]);
  const parentId = org?.parent_id ?? null;
  const parent = useAsync(() => getInboxSettings(parentId!), [parentId], parentId != null);
  const [view, setView] = useState<InboxSettingsView | null>(null);
  const [saved, setSaved] = useState(0);
  const current = view ?? settings.data ?? null;
  const isAdmin = useHasRoleOn(orgList, ADMIN)(orgId);
  const title = org ? t('inboxSettings.titleOf', { organisation: nameOf(org.names, org.slug) }) : t('inboxSettings.title');
  const orgLabel = useOrgLabel(orgList);
  const inheritedFrom = parentId == null || !parent.data?.set_by ? null : orgLabel(parent.data.set_by.id, parent.data.set_by.name);

  return (
    <Page title={title} className="wide">
      <p className="back-link">
        <Link to={`/registry/${orgId}`}>{t('settings.backToOrganisation')}</Link> · <Link to={`/inbox?organisation_id=${orgId}`}>{t('inboxSettings.inboxLink')}</Link>
      </p>
      <p className="lead">{t('inboxSettings.intro')}</p>
      {saved > 0 && (
        <FocusNote key={saved} testId="saved-note">
          {t('settings.saved')}
        </FocusNote>
      )}
      <ProblemAlert error={settings.error ?? orgs.error} />
      {settings.loading && !current && <p role="status">{t('common.loading')}</p>}
      {current && (
        <section aria-labelledby="target-title" className="section">
          <h2 id="target-title">{t('inboxSettings.effectiveTitle')}</h2>
          <p data-testid="inbox-set-by">{current.own ? t('settings.setHereNow') : current.set_by ? t('settings.inheritedNow', { organisation: orgLabel(current.set_by.id, current.set_by.name) }) : t('settings.defaultNow')}</p>
          <TargetInWords s={current.effective} />
        </section>
      )}
      {current && isAdmin && (
        <ResponseForm
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
      {current && !isAdmin && <p className="field-description">{t('inboxSettings.readOnly')}</p>}
      {current && <Holidays view={current} />}
      <Teams orgId={orgId} canEdit={isAdmin} />
      <Rules orgId={orgId} canEdit={isAdmin} />
    </Page>
  );
}
