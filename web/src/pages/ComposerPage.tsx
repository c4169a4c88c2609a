// The post composer (/posts/new, /posts/:id). A draft is saved as the user types (debounced): the
// first save creates it (POST), later ones change it (PATCH), and each answer carries the server's
// preview of what every channel would receive and its review (what the policy finds, what the user
// may do). A draft is submitted for review, unless its policy asks for no review at all, in which
// case it can be scheduled at once. Posts in review, approved, scheduled or published are shown
// read-only with their review panel, the conversation and the version history; a post in review,
// approved or scheduled can be edited on request (saved explicitly: it goes back to review as a new
// version). The status of each message is refreshed every 2 s while any is still under way.
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import {
  ApiError,
  cancelPost,
  type Channel,
  CONTENT_TYPES,
  createPost,
  DRAFTING_ROLES,
  getPost,
  type Language,
  LANGUAGES,
  listChannels,
  listOrganisations,
  type Organisation,
  type PostView,
  retryRendition,
  schedulePost,
  type ScheduleInput,
  updatePost,
} from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { SelectField, TextInput } from '../components/fields';
import { languageName, networkName } from '../components/labels';
import { Page } from '../components/Page';
import { ChannelPicker } from '../components/posts/ChannelPicker';
import { type ComposerImage, MediaPicker } from '../components/posts/MediaPicker';
import { contentTypeLabel, PostStatusBadge, renditionStatusLabel } from '../components/posts/labels';
import { PreviewPanel } from '../components/posts/PreviewPanel';
import { RenditionsTable } from '../components/posts/RenditionsTable';
import { ScheduleOptions } from '../components/posts/ScheduleOptions';
import { Conversation } from '../components/workflow/Conversation';
import { reviewChanged } from '../components/workflow/events';
import { ReviewPanel } from '../components/workflow/ReviewPanel';
import { VersionHistory } from '../components/workflow/VersionHistory';
import { ProblemAlert, SuccessNote } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useLocale } from '../i18n';
import { useFormatBrussels, useT } from '../i18n/useT';
import { OrgName, pathTo, useOrgOptions } from '../orgs';
import { Link, navigate } from '../router';
import { hasRoleOn, useSession } from '../session';

const SAVE_DELAY_MS = 400;
const POLL_MS = 2000;
const UNDER_WAY = new Set(['scheduled', 'publishing', 'unconfirmed', 'deleting', 'editing']);

// The id of a draft the composer has just created in place: /posts/new becomes /posts/<id>
// without remounting the form (focus and caret stay where they are).
let adoptable: number | null = null;

/** Mounts a fresh composer for every post, except when a new draft takes its id. */
export function ComposerRoute({ postId }: { postId: number | null }) {
  const [slot, setSlot] = useState({ key: 0, postId });
  if (slot.postId !== postId) {
    const adopt = slot.postId === null && postId !== null && adoptable === postId;
    setSlot({ key: adopt ? slot.key : slot.key + 1, postId });
  }
  return <ComposerPage key={slot.key} postId={postId} />;
}

/** A success message that takes the focus when it appears (the control that led to it is gone). */
function FocusNote({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-success" role="status">
      <p>{children}</p>
    </div>
  );
}

function useCanDraft(orgs: Organisation[]): (o: Organisation | number) => boolean {
  const { session } = useSession();
  return useCallback(
    (o: Organisation | number) => {
      const id = typeof o === 'number' ? o : o.id;
      const path = pathTo(orgs, id).map((x) => x.id);
      return hasRoleOn(session, path.length ? path : [id], DRAFTING_ROLES);
    },
    [session, orgs],
  );
}

function ComposerPage({ postId }: { postId: number | null }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const [initialId] = useState(postId);
  const loaded = useAsync(() => getPost(initialId!), [], initialId != null);
  const orgs = useAsync(() => listOrganisations(), []);
  const [override, setOverride] = useState<PostView | null>(null);
  const [generation, setGeneration] = useState(0);
  const [note, setNote] = useState<{ text: string; n: number } | null>(null);
  const [editing, setEditing] = useState(false);
  const orgList = orgs.data?.items ?? [];
  const canDraft = useCanDraft(orgList);
  const current = override ?? loaded.data ?? null;
  const revising = !!current && current.status !== 'draft' && editing && canDraft(current.organisation_id) && (current.review?.actions ?? []).includes('edit');
  const editable = !current || (current.status === 'draft' && canDraft(current.organisation_id)) || revising;
  const title = revising
    ? t('composer.titleRevise')
    : !editable
      ? t('composer.titleView')
      : initialId == null && generation === 0
        ? t('composer.titleNew')
        : t('composer.titleDraft');

  if (initialId != null && !current) {
    return (
      <Page title={t('composer.titleView')}>
        {loaded.loading ? <p role="status">{t('common.loading')}</p> : <ProblemAlert error={loaded.error} title={t('composer.noAccess')} />}
        <p>
          <Link to="/posts">{t('posts.back')}</Link>
        </p>
      </Page>
    );
  }
  if (!orgs.data) {
    return (
      <Page title={title}>{orgs.error ? <ProblemAlert error={orgs.error} /> : <p role="status">{t('common.loading')}</p>}</Page>
    );
  }
  const say = (text: string) => setNote((n) => ({ text, n: (n?.n ?? 0) + 1 }));
  const decided = (v: PostView, message: string) => {
    setOverride(v);
    setEditing(false);
    setGeneration((g) => g + 1);
    say(message);
  };
  const scheduledMessage = (v: PostView, input: ScheduleInput) =>
    'now' in input ? t('composer.publishing') : 'next_free_slot' in input ? t('composer.scheduledSlots') : t('composer.scheduled', { when: fmt(v.publish_at) });

  return (
    <Page title={title} className="wide">
      <p className="back-link">
        <Link to="/posts">{t('posts.back')}</Link>
      </p>
      {note && <FocusNote key={note.n}>{note.text}</FocusNote>}
      {editable ? (
        <DraftEditor
          key={generation}
          initial={current}
          orgs={orgList}
          canDraft={canDraft}
          revising={revising}
          onCreated={(id) => {
            adoptable = id;
            navigate(`/posts/${id}`, { replace: true });
          }}
          onScheduled={(v, input) => {
            setOverride(v);
            say(scheduledMessage(v, input));
          }}
          onReplaced={(v) => setOverride(v)}
          onDecided={decided}
          onStopEditing={() => {
            setEditing(false);
            setGeneration((g) => g + 1);
          }}
        />
      ) : (
        <PostStatus
          key={generation}
          view={current!}
          orgs={orgList}
          canAct={canDraft(current!.organisation_id)}
          onUpdate={setOverride}
          onCancelled={(v) => {
            setOverride(v);
            setGeneration((g) => g + 1);
            say(t('composer.cancelled'));
          }}
          onDecided={decided}
          onScheduled={(v, input) => {
            setOverride(v);
            say(scheduledMessage(v, input));
          }}
          onEdit={() => {
            setEditing(true);
            setGeneration((g) => g + 1);
          }}
        />
      )}
    </Page>
  );
}

// --- editing a draft ----------------------------------------------------------------------

interface FormState {
  orgId: string;
  contentType: string;
  variants: Record<Language, string>;
  link: string;
  notes: string;
  channelIds: number[];
  images: ComposerImage[];
  /** Comma-separated, as typed. */
  tags: string;
}

function formFrom(view: PostView | null, defaultOrg: string): FormState {
  return {
    orgId: view ? String(view.organisation_id) : defaultOrg,
    contentType: view?.content_type ?? 'other',
    variants: { fr: view?.variants.fr ?? '', nl: view?.variants.nl ?? '', de: view?.variants.de ?? '', en: view?.variants.en ?? '' },
    link: view?.link_url ?? '',
    notes: view?.internal_notes ?? '',
    channelIds: view?.channel_ids ?? [],
    tags: (view?.tags ?? []).join(', '),
    images: (view?.media ?? []).map((m) => ({
      media_id: m.media_id,
      file_name: m.file_name,
      alt: { fr: m.alt.fr ?? '', nl: m.alt.nl ?? '', de: m.alt.de ?? '', en: m.alt.en ?? '' },
    })),
  };
}

/** The request body: languages left empty are not sent (PATCH replaces the whole set). */
function bodyOf(f: FormState) {
  const variants: Partial<Record<Language, string>> = {};
  for (const l of LANGUAGES) if (f.variants[l].trim() !== '') variants[l] = f.variants[l];
  const media = f.images.map((img) => {
    const alt: Partial<Record<Language, string>> = {};
    for (const l of LANGUAGES) if (img.alt[l].trim() !== '') alt[l] = img.alt[l];
    return { media_id: img.media_id, alt };
  });
  return { content_type: f.contentType, variants, link_url: f.link.trim() || null, internal_notes: f.notes, channel_ids: f.channelIds, media, tags: tagsOf(f.tags) };
}

/** "crise, #Crisis, ,voyage" → ["crise", "Crisis", "voyage"]: without the # and the blanks, each once. */
export function tagsOf(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim().replace(/^#+/, '').trim();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

/** Problems of a refused scheduling, per channel id (`errors[].channel_id`). */
function problemsByChannel(error: unknown): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem.errors ?? []) {
    if (typeof e?.channel_id === 'number') (out[e.channel_id] ??= []).push(e.message);
  }
  return out;
}

type SaveState = 'idle' | 'saving' | 'saved' | 'error';

interface EditorProps {
  initial: PostView | null;
  orgs: Organisation[];
  canDraft: (o: Organisation | number) => boolean;
  /** A post in review, approved or scheduled being changed: saved on request, back to review. */
  revising: boolean;
  onCreated: (id: number) => void;
  onScheduled: (v: PostView, input: ScheduleInput) => void;
  onReplaced: (v: PostView) => void;
  onDecided: (v: PostView, message: string) => void;
  onStopEditing: () => void;
}

function DraftEditor({ initial, orgs, canDraft, revising, onCreated, onScheduled, onReplaced, onDecided, onStopEditing }: EditorProps) {
  const t = useT();
  const fmt = useFormatBrussels();
  const { locale } = useLocale();
  const orgById = useMemo(() => new Map(orgs.map((o) => [o.id, o])), [orgs]);
  const orgOptions = useOrgOptions(orgs, canDraft);
  const [form, setForm] = useState<FormState>(() => formFrom(initial, orgOptions[0]?.value ?? ''));
  const formRef = useRef(form);
  const [draft, setDraft] = useState<PostView | null>(initial);
  const [saveState, setSaveState] = useState<SaveState>(initial ? 'saved' : 'idle');
  const [saveError, setSaveError] = useState<unknown>(null);
  const [showVersions, setShowVersions] = useState(false);
  const [scheduleError, setScheduleError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  // The save machinery lives in refs: saves run one after the other on a promise chain.
  const idRef = useRef<number | null>(initial?.id ?? null);
  const viewRef = useRef<PostView | null>(initial);
  const dirty = useRef(false);
  const lastOk = useRef(true);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<number | undefined>(undefined);
  const alive = useRef(true);
  const callbacks = useRef({ onCreated });
  callbacks.current = { onCreated };
  const revisingRef = useRef(revising);
  revisingRef.current = revising;

  const saveOnce = useCallback(async () => {
    if (!dirty.current) return;
    dirty.current = false;
    const snapshot = formRef.current;
    const body = bodyOf(snapshot);
    if (alive.current) setSaveState('saving');
    try {
      const creating = idRef.current == null;
      const v = creating ? await createPost({ organisation_id: Number(snapshot.orgId), ...body }) : await updatePost(idRef.current!, body);
      idRef.current = v.id;
      viewRef.current = v;
      lastOk.current = true;
      if (alive.current) {
        setDraft(v);
        setSaveError(null);
        setSaveState('saved');
        if (creating) callbacks.current.onCreated(v.id);
      }
    } catch (e) {
      lastOk.current = false;
      if (alive.current) {
        setSaveError(e);
        setSaveState('error');
      }
    }
  }, []);

  const runSave = useCallback(() => {
    chain.current = chain.current.then(saveOnce);
    return chain.current;
  }, [saveOnce]);

  /** Saves now what is pending (or retries a failed save); true when the draft on the server is current. */
  const flush = useCallback(async () => {
    window.clearTimeout(timer.current);
    if (!lastOk.current) dirty.current = true;
    await runSave();
    return lastOk.current && idRef.current != null;
  }, [runSave]);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      window.clearTimeout(timer.current);
      if (dirty.current && !revisingRef.current) void runSave(); // leaving the page: keep what was typed
    };
  }, [runSave]);

  const change = (patch: Partial<FormState>, save = true) => {
    const next = { ...formRef.current, ...patch };
    formRef.current = next;
    setForm(next);
    setScheduleError(null);
    if (!save) return;
    dirty.current = true;
    if (revisingRef.current) {
      setSaveState('idle');
      return; // saved on request: each save is a new version for the reviewers
    }
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void runSave(), SAVE_DELAY_MS);
  };

  const orgId = Number(form.orgId);
  const channels = useAsync(() => listChannels({ organisation_id: orgId, per_page: 200 }), [orgId], orgId > 0);
  const allChannels = channels.data?.items ?? [];
  const channelsById = useMemo(() => new Map<number, Channel>(allChannels.map((c) => [c.id, c])), [allChannels]);
  const usable = useMemo(
    () =>
      allChannels
        .filter((c) => c.status === 'active' || c.status === 'dormant')
        .sort((a, b) => networkName(t, a.network).localeCompare(networkName(t, b.network), locale) || (a.display_name || a.handle).localeCompare(b.display_name || b.handle, locale)),
    [allChannels, locale],
  );

  if (!initial && orgOptions.length === 0) {
    return <p className="alert alert-error">{t('composer.noDraftingRole')}</p>;
  }

  const saveErrs = saveError instanceof ApiError && saveError.status === 400 ? saveError.fieldErrors() : {};
  const saveFieldProblem = Object.keys(saveErrs).length > 0;
  const schedErrs = scheduleError instanceof ApiError ? scheduleError.fieldErrors() : {};
  const canSchedule = !revising && !!draft && (draft.review?.actions ?? []).includes('schedule');
  const schedByChannel = problemsByChannel(scheduleError);
  const variantError = (l: Language) => saveErrs[`variants.${l}`] ?? (l === 'fr' ? saveErrs.variants : undefined);
  const earlier = (draft?.renditions ?? []).filter((r) => r.status !== 'cancelled');
  const networkOf = new Map((draft?.preview.renditions ?? []).map((r) => [r.channel_id, r.network]));

  let saveLabel: string;
  switch (saveState) {
    case 'saving':
      saveLabel = t('composer.saving');
      break;
    case 'saved':
      saveLabel = draft ? t('composer.savedAt', { time: fmt(draft.updated_at, 'time') }) : t('composer.notYetSaved');
      break;
    case 'error':
      saveLabel = t('composer.notSaved');
      break;
    default:
      saveLabel = revising && dirty.current ? t('composer.reviseUnsaved') : t('composer.notYetSaved');
  }
  if (revising && saveState === 'saved' && !dirty.current) saveLabel = t('composer.reviseNoChange');

  const saveRevision = async () => {
    setBusy(true);
    try {
      const changed = dirty.current || !lastOk.current;
      if (!(await flush())) return;
      const v = viewRef.current!;
      if (!changed) {
        onStopEditing();
        return;
      }
      reviewChanged();
      onDecided(v, v.status === 'in_review' ? t('composer.revisedBackToReview', { version: v.version }) : t('composer.revised', { version: v.version }));
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const schedule = async (input: ScheduleInput) => {
    setBusy(true);
    setScheduleError(null);
    try {
      if (!(await flush())) {
        setScheduleError(new ApiError({ type: '/problems/not-saved', title: t('composer.notSaved'), status: 400, detail: t('composer.saveFirst') }));
        return;
      }
      const v = await schedulePost(idRef.current!, input);
      onScheduled(v, input);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && idRef.current != null) {
        // No longer a draft (scheduled elsewhere): show what it is now.
        try {
          onReplaced(await getPost(idRef.current));
          return;
        } catch {
          /* fall through to the original error */
        }
      }
      if (alive.current) setScheduleError(e);
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const savedOrg = draft ? orgById.get(draft.organisation_id) : undefined;

  return (
    <>
      <div className="composer">
        <div className="composer-form">
          <section aria-labelledby="compose-title">
            <h2 id="compose-title">{t('composer.content')}</h2>
            <p className="form-note">{revising ? t('composer.reviseNote', { version: (draft?.version ?? 0) + 1 }) : t('composer.autosave')}</p>
            <p className={saveState === 'error' ? 'save-state save-state-bad' : 'save-state'} data-testid="save-state" data-state={saveState}>
              {saveLabel}
            </p>
            {/* Announced once when a save is refused; field messages are at the fields. */}
            <p role="status" className="sr-only">
              {saveFieldProblem ? t('composer.notSavedFields') : ''}
            </p>
            {saveError != null && !saveFieldProblem && <ProblemAlert error={saveError} />}
            {draft ? (
              <dl className="details details-inline">
                <dt>{t('composer.organisation')}</dt>
                <dd>
                  {savedOrg ? <OrgName names={savedOrg.names} fallback={savedOrg.slug} /> : `#${draft.organisation_id}`}
                  <span className="cell-note">{t('composer.organisationFixed')}</span>
                </dd>
              </dl>
            ) : (
              <SelectField
                label={t('composer.organisation')}
                name="organisation_id"
                value={form.orgId}
                onChange={(v) => change({ orgId: v, channelIds: [] }, dirty.current)}
                options={orgOptions}
                error={saveErrs.organisation_id}
                isRequired
              />
            )}
            <div className="fields">
              <SelectField
                label={t('composer.contentType')}
                name="content_type"
                value={form.contentType}
                onChange={(v) => change({ contentType: v })}
                options={CONTENT_TYPES.map((c) => ({ value: c, label: contentTypeLabel(t, c) }))}
                error={saveErrs.content_type}
              />
              <ChannelPicker
                channels={usable}
                value={form.channelIds}
                onChange={(ids) => change({ channelIds: ids })}
                orgId={orgId}
                orgById={orgById}
                error={saveErrs.channel_ids ?? schedErrs.channel_ids}
                problems={schedByChannel}
                loading={channels.loading}
              />
              <ProblemAlert error={channels.error} />
              <fieldset className="fieldset">
                <legend>{t('composer.texts')}</legend>
                <p className="field-description">{t('composer.textsHelp')}</p>
                <div className="variants">
                  {LANGUAGES.map((l) => (
                    <TextInput
                      key={l}
                      label={t('composer.textIn', { language: languageName(t, l) })}
                      name={`variants.${l}`}
                      value={form.variants[l]}
                      onChange={(v) => change({ variants: { ...formRef.current.variants, [l]: v } })}
                      multiline
                      rows={6}
                      lang={l}
                      error={variantError(l)}
                    />
                  ))}
                </div>
              </fieldset>
              <MediaPicker
                orgId={orgId}
                images={form.images}
                languages={LANGUAGES.filter((l) => form.variants[l].trim() !== '')}
                onChange={(images) => change({ images })}
                errors={saveErrs}
              />
              <TextInput
                label={t('composer.link')}
                name="link_url"
                type="url"
                inputMode="url"
                value={form.link}
                onChange={(v) => change({ link: v })}
                description={t('composer.linkHelp')}
                error={saveErrs.link_url}
                spellCheck={false}
              />
              <TextInput
                label={t('composer.tags')}
                name="tags"
                value={form.tags}
                onChange={(v) => change({ tags: v })}
                description={t('composer.tagsHelp')}
                error={saveErrs.tags}
                spellCheck={false}
              />
              <TextInput
                label={t('composer.notes')}
                name="internal_notes"
                value={form.notes}
                onChange={(v) => change({ notes: v })}
                description={t('composer.notesHelp')}
                error={saveErrs.internal_notes}
                multiline
              />
            </div>
          </section>
        </div>
        <div className="composer-preview">
          <PreviewPanel preview={draft?.preview ?? null} channelsById={channelsById} scheduleProblems={schedByChannel} empty={!draft} imageCount={draft?.media.length ?? 0} />
        </div>
      </div>

      {revising && (
        <section aria-labelledby="revise-title" className="section">
          <h2 id="revise-title">{t('composer.reviseTitle')}</h2>
          <p className="field-description">{t('composer.reviseHelp')}</p>
          {saveError != null && !saveFieldProblem && <ProblemAlert error={saveError} autoFocus />}
          <div className="actions">
            <Button className="btn btn-primary" isDisabled={busy} onPress={() => void saveRevision()}>
              {t('composer.reviseSave')}
            </Button>
            <Button className="btn" isDisabled={busy} onPress={onStopEditing}>
              {t('composer.reviseCancel')}
            </Button>
          </div>
        </section>
      )}

      {!revising && draft && <ReviewPanel view={draft} orgs={orgs} onDecided={onDecided} beforeSubmit={flush} />}

      {canSchedule ? (
        <ScheduleOptions busy={busy} error={scheduleError} channelCount={form.channelIds.length} onSchedule={(input) => void schedule(input)} />
      ) : (
        !revising &&
        draft && (
          <section aria-labelledby="schedule-title" className="section schedule">
            <h2 id="schedule-title">{t('schedule.title')}</h2>
            <p data-testid="schedule-after-review">{t('schedule.afterReview')}</p>
          </section>
        )
      )}

      {earlier.length > 0 && (
        <section aria-labelledby="earlier-title" className="section">
          <h2 id="earlier-title">{t('composer.earlier')}</h2>
          <p className="field-description">{t('composer.earlierHelp')}</p>
          <RenditionsTable renditions={earlier} channelsById={channelsById} networkOf={networkOf} caption={t('composer.earlier')} />
        </section>
      )}

      {!revising && draft && (
        <>
          <Conversation postId={draft.id} canComment={(draft.review?.actions ?? []).includes('comment')} refreshKey={draft.status} />
          <section aria-labelledby="history-toggle-title" className="section">
            <h2 id="history-toggle-title">{t('versions.title')}</h2>
            <Button className="btn" aria-expanded={showVersions} onPress={() => setShowVersions((x) => !x)}>
              {showVersions ? t('versions.hide') : t('versions.show', { count: draft.version })}
            </Button>
            {showVersions && <VersionHistory postId={draft.id} currentVersion={draft.version} embedded />}
          </section>
        </>
      )}
    </>
  );
}

// --- a scheduled or published post ----------------------------------------------------------

interface StatusProps {
  view: PostView;
  orgs: Organisation[];
  canAct: boolean;
  onUpdate: (v: PostView) => void;
  onCancelled: (v: PostView) => void;
  onDecided: (v: PostView, message: string) => void;
  onScheduled: (v: PostView, input: ScheduleInput) => void;
  onEdit: () => void;
}

// Statuses whose messages are (or were) on their way to the networks.
const OUTGOING = new Set(['scheduled', 'publishing', 'published', 'partially_published', 'failed', 'paused']);

function PostStatus({ view, orgs, canAct, onUpdate, onCancelled, onDecided, onScheduled, onEdit }: StatusProps) {
  const t = useT();
  const fmt = useFormatBrussels();
  const { locale } = useLocale();
  const [pollError, setPollError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [retryNote, setRetryNote] = useState<string | null>(null);
  const [retrying, setRetrying] = useState(false);
  const [scheduleError, setScheduleError] = useState<unknown>(null);
  const [scheduling, setScheduling] = useState(false);
  const actions = view.review?.actions ?? [];
  const canEdit = canAct && view.status !== 'draft' && actions.includes('edit');
  const canSchedule = canAct && actions.includes('schedule');
  const channels = useAsync(() => listChannels({ organisation_id: view.organisation_id, per_page: 200 }), [view.organisation_id]);
  const channelsById = useMemo(() => new Map<number, Channel>((channels.data?.items ?? []).map((c) => [c.id, c])), [channels.data]);
  const networkOf = new Map(view.preview.renditions.map((r) => [r.channel_id, r.network]));
  const org = orgs.find((o) => o.id === view.organisation_id);
  const shown = view.status === 'draft' ? view.renditions.filter((r) => r.status !== 'cancelled') : view.renditions.filter((r) => r.status !== 'cancelled' || view.renditions.every((x) => x.status === 'cancelled'));
  const underWay = shown.some((r) => UNDER_WAY.has(r.status));
  const update = useRef(onUpdate);
  update.current = onUpdate;

  useEffect(() => {
    if (!underWay) return;
    let stopped = false;
    let timer: number | undefined;
    const tick = async () => {
      if (!document.hidden) {
        try {
          const v = await getPost(view.id);
          if (stopped) return;
          setPollError(null);
          update.current(v);
        } catch (e) {
          if (!stopped) setPollError(e);
        }
      }
      if (!stopped) timer = window.setTimeout(tick, POLL_MS);
    };
    timer = window.setTimeout(tick, POLL_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [underWay, view.id]);

  const counts = new Map<string, number>();
  for (const r of shown) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const parts = [...counts.entries()].map(([s, n]) => t('renditions.countOf', { status: renditionStatusLabel(t, s), count: n }));
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(parts);

  const schedule = async (input: ScheduleInput) => {
    setScheduling(true);
    setScheduleError(null);
    try {
      const v = await schedulePost(view.id, input);
      reviewChanged();
      onScheduled(v, input);
    } catch (e) {
      setScheduleError(e);
    } finally {
      setScheduling(false);
    }
  };

  return (
    <>
      {(OUTGOING.has(view.status) || shown.length > 0) && (
        <section aria-labelledby="publication-title" className="section">
          <h2 id="publication-title">{t('composer.publication')}</h2>
          <dl className="details details-inline">
            <dt>{t('posts.status')}</dt>
            <dd>
              <PostStatusBadge status={view.status} />
            </dd>
            {view.publish_at && (
              <>
                <dt>{t('posts.publishAt')}</dt>
                <dd>
                  <time dateTime={view.publish_at}>{fmt(view.publish_at)}</time> <span className="cell-note">{t('posts.brusselsTime')}</span>
                </dd>
              </>
            )}
          </dl>
          <p role="status" className="result-count" data-testid="renditions-summary">
            {shown.length ? t('renditions.summary', { count: shown.length, details: list }) : t('renditions.none')}
          </p>
          {underWay && <p className="field-description">{t('renditions.polling')}</p>}
          <ProblemAlert error={pollError} title={t('renditions.pollFailed')} />
          <ProblemAlert error={actionError} />
          {retryNote && <SuccessNote>{retryNote}</SuccessNote>}
          {shown.length > 0 && (
            <RenditionsTable
              renditions={shown}
              channelsById={channelsById}
              networkOf={networkOf}
              caption={t('renditions.caption')}
              canAct={canAct}
              onChanged={(r) => onUpdate({ ...view, renditions: view.renditions.map((x) => (x.id === r.id ? r : x)) })}
              busy={retrying}
              onRetry={
                canAct
                  ? async (r) => {
                      setActionError(null);
                      setRetryNote(null);
                      setRetrying(true);
                      try {
                        onUpdate(await retryRendition(view.id, r.id));
                        setRetryNote(t('renditions.retried'));
                      } catch (e) {
                        setActionError(e);
                      } finally {
                        setRetrying(false);
                      }
                    }
                  : undefined
              }
            />
          )}
          {canAct && view.status === 'scheduled' && (
            <div className="actions section">
              <ConfirmButton
                label={t('composer.cancelSchedule')}
                title={t('composer.cancelTitle')}
                message={t('composer.cancelText')}
                confirmLabel={t('composer.cancelConfirm')}
                cancelLabel={t('composer.cancelKeep')}
                onConfirm={async () => {
                  setActionError(null);
                  try {
                    onCancelled(await cancelPost(view.id));
                  } catch (e) {
                    setActionError(e);
                  }
                }}
              />
            </div>
          )}
        </section>
      )}
      <section aria-labelledby="content-title" className="section">
        <h2 id="content-title">{t('composer.content')}</h2>
        <dl className="details">
          <dt>{t('composer.organisation')}</dt>
          <dd>{org ? <OrgName names={org.names} fallback={org.slug} /> : `#${view.organisation_id}`}</dd>
          <dt>{t('composer.contentType')}</dt>
          <dd>{contentTypeLabel(t, view.content_type)}</dd>
          {LANGUAGES.filter((l) => view.variants[l]).map((l) => (
            <ContentRow key={l} label={t('composer.textIn', { language: languageName(t, l) })}>
              <div className="preview-text" lang={l}>
                {view.variants[l]}
              </div>
            </ContentRow>
          ))}
          <dt>{t('composer.tags')}</dt>
          <dd>{view.tags?.length ? view.tags.map((x) => `#${x}`).join(' ') : '—'}</dd>
          <dt>{t('composer.link')}</dt>
          <dd>
            {view.link_url ? (
              <a href={view.link_url} rel="noopener noreferrer">
                {view.link_url}
              </a>
            ) : (
              '—'
            )}
          </dd>
          <dt>{t('composer.notes')}</dt>
          <dd className="preview-text">{view.internal_notes || '—'}</dd>
          <dt>{t('posts.created')}</dt>
          <dd>{fmt(view.created_at)}</dd>
        </dl>
      </section>
      <ReviewPanel view={view} orgs={orgs} onDecided={onDecided} onRefreshed={onUpdate} />
      {canEdit && (
        <section aria-labelledby="edit-title" className="section">
          <h2 id="edit-title">{t('composer.editTitle')}</h2>
          <p className="field-description">{t('composer.editHelp')}</p>
          <div className="actions">
            <Button className="btn" onPress={onEdit}>
              {t('composer.edit')}
            </Button>
          </div>
        </section>
      )}
      {canSchedule && (
        <ScheduleOptions
          busy={scheduling}
          error={scheduleError}
          channelCount={view.channel_ids.length}
          onSchedule={(input) => void schedule(input)}
          note={t('schedule.approvedNote', { version: view.version })}
        />
      )}
      <Conversation postId={view.id} canComment={actions.includes('comment')} refreshKey={`${view.status}-${view.version}`} />
      <VersionHistory postId={view.id} currentVersion={view.version} />
    </>
  );
}

function ContentRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}
