// The handling of a conversation, beside its messages: who it is assigned to (a person or a team),
// its status, its category, and the internal notes (never sent to the citizen). Each form says
// what it did in a status message; the controls shown are the ones the API's `actions` allow.
import { useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { addConversationNote, ApiError, assignConversation, INBOX_STATUSES, type InboxConversation, type InboxNote, listCategoryRules, listTeams, listUsers, setConversationCategory, setConversationStatus } from '../../api';
import { useFormatBrussels, useT } from '../../i18n/useT';
import { hasRoleAnywhere, useSession } from '../../session';
import { SelectField, TextInput } from '../fields';
import { ProblemAlert } from '../ProblemAlert';
import { useAsync } from '../useAsync';
import { inboxChanged } from './events';
import { inboxStatusLabel } from './labels';

function assigneeKey(c: InboxConversation): string {
  if (!c.assignee) return '';
  return `${c.assignee.type}:${c.assignee.id}`;
}

function Done({ text }: { text: string }) {
  return (
    <p role="status" className="form-done" data-testid="panel-status">
      {text}
    </p>
  );
}

export function AssignForm({ conversation, onChanged }: { conversation: InboxConversation; onChanged: (c: InboxConversation) => void }) {
  const t = useT();
  const { session } = useSession();
  const me = session?.user;
  const orgId = conversation.organisation.id;
  const teams = useAsync(() => listTeams(orgId), [orgId]);
  const isAdmin = hasRoleAnywhere(session, ['administrator']);
  const users = useAsync(() => listUsers(1, 200), [isAdmin], isAdmin);
  const [value, setValue] = useState(assigneeKey(conversation));
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  const options = useMemo(() => {
    const people = new Map<number, string>();
    for (const team of teams.data?.items ?? []) for (const m of team.members ?? []) people.set(m.id, m.name);
    for (const u of users.data?.items ?? []) people.set(u.id, u.display_name || u.username);
    if (conversation.assignee?.type === 'user') people.set(conversation.assignee.id, conversation.assignee.name);
    if (me) people.delete(me.id);
    const teamList = new Map((teams.data?.items ?? []).map((tm) => [tm.id, tm.name]));
    if (conversation.assignee?.type === 'team') teamList.set(conversation.assignee.id, conversation.assignee.name);
    return [
      { value: '', label: t('assign.nobody') },
      ...(me ? [{ value: `user:${me.id}`, label: t('assign.me', { name: me.display_name || me.username }) }] : []),
      ...[...teamList.entries()].map(([id, name]) => ({ value: `team:${id}`, label: t('assign.team', { name }) })),
      ...[...people.entries()].sort((a, b) => a[1].localeCompare(b[1])).map(([id, name]) => ({ value: `user:${id}`, label: name })),
    ];
  }, [teams.data, users.data, conversation.assignee, me, t]);

  const submit = async () => {
    setBusy(true);
    setError(null);
    setDone('');
    const [type, id] = value.split(':');
    try {
      const c = await assignConversation(conversation.id, { user_id: type === 'user' ? Number(id) : null, team_id: type === 'team' ? Number(id) : null });
      onChanged(c);
      inboxChanged();
      setDone(c.assignee ? t('assign.done', { name: c.assignee.name }) : t('assign.doneNobody'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="panel-form"
      aria-labelledby="assign-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id="assign-title">{t('assign.title')}</h3>
      <SelectField label={t('assign.to')} name="assignee" value={value} onChange={setValue} options={options} description={t('assign.help')} />
      <ProblemAlert error={error ?? teams.error} />
      <div className="actions">
        <Button type="submit" className="btn" isDisabled={busy}>
          {t('assign.submit')}
        </Button>
      </div>
      <Done text={done} />
    </form>
  );
}

export function StatusForm({ conversation, onChanged }: { conversation: InboxConversation; onChanged: (c: InboxConversation) => void }) {
  const t = useT();
  const [value, setValue] = useState(conversation.status);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    setDone('');
    try {
      const c = await setConversationStatus(conversation.id, value);
      onChanged(c);
      inboxChanged();
      setDone(t('statusForm.done', { status: inboxStatusLabel(t, c.status) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="panel-form"
      aria-labelledby="status-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id="status-title">{t('statusForm.title')}</h3>
      <SelectField label={t('statusForm.status')} name="status" value={value} onChange={setValue} options={INBOX_STATUSES.map((s) => ({ value: s, label: inboxStatusLabel(t, s) }))} />
      <ProblemAlert error={error} />
      <div className="actions">
        <Button type="submit" className="btn" isDisabled={busy}>
          {t('statusForm.submit')}
        </Button>
      </div>
      <Done text={done} />
    </form>
  );
}

export function CategoryForm({ conversation, onChanged }: { conversation: InboxConversation; onChanged: (c: InboxConversation) => void }) {
  const t = useT();
  const orgId = conversation.organisation.id;
  const rules = useAsync(() => listCategoryRules(orgId), [orgId]);
  const [value, setValue] = useState(conversation.category ?? '');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const categories = [...new Set([...(rules.data?.items ?? []).map((r) => r.category), conversation.category ?? ''].filter(Boolean))].sort();
  const submit = async () => {
    setBusy(true);
    setError(null);
    setDone('');
    try {
      const c = await setConversationCategory(conversation.id, value || null);
      onChanged(c);
      setDone(c.category ? t('categoryForm.done', { category: c.category }) : t('categoryForm.doneNone'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="panel-form"
      aria-labelledby="category-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id="category-title">{t('categoryForm.title')}</h3>
      <SelectField
        label={t('categoryForm.category')}
        name="category"
        value={value}
        onChange={setValue}
        options={[{ value: '', label: t('inbox.noCategory') }, ...categories.map((c) => ({ value: c, label: c }))]}
        description={categories.length === 0 ? t('categoryForm.noRules') : undefined}
      />
      <ProblemAlert error={error} />
      <div className="actions">
        <Button type="submit" className="btn" isDisabled={busy}>
          {t('categoryForm.submit')}
        </Button>
      </div>
      <Done text={done} />
    </form>
  );
}

export function Notes({ conversationId, notes, canWrite, onAdded }: { conversationId: number; notes: InboxNote[]; canWrite: boolean; onAdded: (n: InboxNote) => void }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const fieldErr = error instanceof ApiError ? error.fieldErrors().text : undefined;
  const submit = async () => {
    if (!text.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    setDone('');
    try {
      const n = await addConversationNote(conversationId, text.trim());
      onAdded(n);
      setText('');
      setDone(t('notes.added'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="notes" aria-labelledby="notes-title">
      <h2 id="notes-title">{t('notes.title')}</h2>
      <p className="internal-flag">
        {t('notes.internal')}
      </p>
      {notes.length === 0 ? (
        <p>{t('notes.none')}</p>
      ) : (
        <ol className="note-list" data-testid="notes">
          {notes.map((n) => (
            <li key={n.id} className="note">
              <p className="note-head">
                <span className="note-tag">{t('notes.internalNote')}</span> {t('notes.by', { name: n.author.name })} — <time dateTime={n.created_at}>{fmt(n.created_at)}</time>
              </p>
              <p className="note-text" dir="auto">
                {n.text}
              </p>
            </li>
          ))}
        </ol>
      )}
      {canWrite && (
        <form
          className="panel-form"
          aria-labelledby="note-add-title"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h3 id="note-add-title">{t('notes.add')}</h3>
          {error != null && !fieldErr && <ProblemAlert error={error} />}
          <TextInput
            label={t('notes.text')}
            name="note"
            value={text}
            onChange={(v) => {
              setText(v);
              setMissing(false);
            }}
            multiline
            rows={3}
            isRequired
            description={t('notes.textHelp')}
            error={missing ? t('notes.required') : fieldErr}
          />
          <div className="actions">
            <Button type="submit" className="btn" isDisabled={busy}>
              {t('notes.submit')}
            </Button>
          </div>
          <Done text={done} />
        </form>
      )}
    </section>
  );
}
