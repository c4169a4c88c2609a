// The answer box of a conversation: pick a saved reply (those in the conversation's language
// first; the preview fills in the variables) or write; "Send answer" posts it, and the page follows
// it from pending to sent. While something is being written, a heartbeat every 30 s tells the
// server, which says who else is writing; a 409 "collision" (someone answered since the last
// message we saw) names them and offers to send anyway or to read their answer.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { type AnswerInput, answerConversation, ApiError, type Drafting, heartbeatDrafting, type InboxConversation, type InboxItem, type SavedReply, stopDrafting } from '../../api';
import { useT } from '../../i18n/useT';
import { useSession } from '../../session';
import { SelectField, TextInput } from '../fields';
import { ProblemAlert } from '../ProblemAlert';
import { useLanguageLabel } from './labels';

export const HEARTBEAT_MS = 30_000;

/** Fills a saved reply's variables as the server will (a preview: the server renders for real). */
export function fillVariables(text: string, c: InboxConversation, link: string | null): string {
  const values: Record<string, string> = {
    citizen_name: c.citizen.name?.trim() || c.citizen.handle,
    citizen_handle: c.citizen.handle.startsWith('@') ? c.citizen.handle : `@${c.citizen.handle}`,
    link: link ?? '',
    channel: c.channel.display_name,
  };
  return text.replace(/\{(citizen_name|citizen_handle|link|channel)\}/g, (_, k: string) => values[k] ?? '');
}

/** Saved replies with a text in `language` first (then the rest), keeping the server's order inside each group. */
export function orderSavedReplies(replies: SavedReply[], language: string): SavedReply[] {
  const has = (r: SavedReply) => r.variants.some((v) => v.language === language && v.text.trim());
  return [...replies.filter(has), ...replies.filter((r) => !has(r))];
}

interface Collision {
  detail: string;
  names: string[];
  body: AnswerInput;
}

function collisionOf(e: unknown): { detail: string; names: string[] } | null {
  if (!(e instanceof ApiError) || e.status !== 409) return null;
  const p = e.problem as unknown as Record<string, unknown>;
  // Only the collision conflict (field "collision"); other conflicts are shown as problems.
  if (p.field !== 'collision' && !String(p.type ?? '').endsWith('collision')) return null;
  const names: string[] = [];
  const pick = (v: unknown) => {
    if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') names.push((v as { name: string }).name);
  };
  pick(p.answered_by);
  if (Array.isArray(p.answered_by)) p.answered_by.forEach(pick);
  if (Array.isArray(p.others)) p.others.forEach(pick);
  if (Array.isArray(p.items)) for (const i of p.items) pick((i as { sent_by?: unknown })?.sent_by);
  return { detail: e.problem.detail ?? '', names: [...new Set(names)] };
}

interface Props {
  conversation: InboxConversation;
  items: InboxItem[];
  savedReplies: SavedReply[];
  initialDrafting: Drafting[];
  onSent: (item: InboxItem) => void;
  onReadTheirs: () => void;
}

export function AnswerBox({ conversation, items, savedReplies, initialDrafting, onSent, onReadTheirs }: Props) {
  const t = useT();
  const languageLabel = useLanguageLabel();
  const { session } = useSession();
  const myId = session?.user.id;
  const [savedId, setSavedId] = useState('');
  const [variantLang, setVariantLang] = useState('');
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [collision, setCollision] = useState<Collision | null>(null);
  const [busy, setBusy] = useState(false);
  const [others, setOthers] = useState<Drafting[] | null>(null);
  const collisionRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLDivElement>(null);

  const ordered = useMemo(() => orderSavedReplies(savedReplies, conversation.language), [savedReplies, conversation.language]);
  const saved = ordered.find((r) => String(r.id) === savedId) ?? null;
  const variants = saved ? saved.variants.filter((v) => v.text.trim()) : [];
  const variant = variants.find((v) => v.language === variantLang) ?? variants[0] ?? null;
  const preview = saved && variant ? fillVariables(variant.text, conversation, saved.link) : '';

  useEffect(() => {
    if (!saved) return;
    const langs = saved.variants.filter((v) => v.text.trim()).map((v) => v.language);
    setVariantLang(langs.includes(conversation.language) ? conversation.language : (langs[0] ?? ''));
  }, [savedId]); // eslint-disable-line react-hooks/exhaustive-deps

  // Heartbeat while something is being written; "stopped" when the box is emptied or left.
  const writing = text.trim() !== '' || savedId !== '';
  useEffect(() => {
    if (!writing) return;
    let stopped = false;
    const beat = async () => {
      try {
        const r = await heartbeatDrafting(conversation.id);
        if (!stopped) setOthers(r.others.filter((o) => o.user_id !== myId));
      } catch {
        /* the heartbeat is a courtesy: a failure does not stop the writing */
      }
    };
    void beat();
    const id = window.setInterval(beat, HEARTBEAT_MS);
    return () => {
      stopped = true;
      window.clearInterval(id);
      stopDrafting(conversation.id).catch(() => {});
    };
  }, [writing, conversation.id, myId]);

  const writers = (others ?? initialDrafting.filter((d) => d.user_id !== myId)).map((d) => d.name);

  const lastSeen = items.reduce((m, i) => Math.max(m, i.id), 0);
  const lastInbound = [...items].filter((i) => i.direction === 'in').sort((a, b) => b.id - a.id)[0];

  const send = async (force: boolean, again?: AnswerInput) => {
    let body: AnswerInput | undefined = again;
    if (!body) {
      if (!text.trim() && !saved) {
        setMissing(true);
        return;
      }
      const what: Omit<AnswerInput, 'last_seen_item_id'> = text.trim()
        ? { text: text.trim(), language: conversation.language !== 'und' ? conversation.language : undefined }
        : { saved_reply_id: saved!.id, language: variant?.language };
      body = { ...what, last_seen_item_id: lastSeen, reply_to_item_id: lastInbound?.id };
    }
    if (force) body = { ...body, force: true };
    setBusy(true);
    setError(null);
    setCollision(null);
    try {
      const item = await answerConversation(conversation.id, body);
      setText('');
      setSavedId('');
      onSent(item);
    } catch (e) {
      const c = collisionOf(e);
      if (c) {
        setCollision({ ...c, body: { ...body, force: undefined } });
      } else setError(e);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (collision) collisionRef.current?.focus();
  }, [collision]);

  const inLanguage = (r: SavedReply) => r.variants.some((v) => v.language === conversation.language && v.text.trim());
  const replyOptions = [
    { value: '', label: t('answer.noSavedReply') },
    ...ordered.map((r) => ({
      value: String(r.id),
      label: inLanguage(r)
        ? r.name
        : t('answer.savedReplyOtherLanguages', {
            name: r.name,
            languages: r.variants
              .filter((v) => v.text.trim())
              .map((v) => languageLabel(v.language))
              .join(', '),
          }),
    })),
  ];
  const fieldErr = error instanceof ApiError ? error.fieldErrors().text : undefined;

  return (
    <form
      className="answer-box"
      aria-labelledby="answer-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void send(false);
      }}
    >
      <h2 id="answer-title">{t('answer.title')}</h2>
      <div role="status" className="drafting-status" data-testid="drafting-others">
        {writers.length > 0 && (
          <p className="alert alert-warning">
            <span aria-hidden="true">✎ </span>
            {t('answer.othersWriting', { names: writers.join(', '), count: writers.length })}
          </p>
        )}
      </div>
      {collision && (
        <div className="alert alert-error" role="alert" tabIndex={-1} ref={collisionRef} data-testid="collision">
          <p className="alert-title">{collision.names.length ? t('answer.collisionBy', { names: collision.names.join(', '), count: collision.names.length }) : t('answer.collision')}</p>
          {collision.detail && <p className="alert-detail">{collision.detail}</p>}
          <div className="actions">
            <Button
              className="btn"
              onPress={() => {
                setCollision(null);
                onReadTheirs();
              }}
            >
              {t('answer.readTheirs')}
            </Button>
            <Button className="btn btn-danger" isDisabled={busy} onPress={() => void send(true, collision.body)}>
              {t('answer.sendAnyway')}
            </Button>
          </div>
        </div>
      )}
      {error != null && !fieldErr && <ProblemAlert error={error} title={t('answer.refused')} autoFocus />}
      <SelectField
        label={t('answer.savedReply')}
        name="saved_reply"
        value={savedId}
        onChange={(v) => {
          setSavedId(v);
          setMissing(false);
        }}
        options={replyOptions}
        description={t('answer.savedReplyHelp', { language: languageLabel(conversation.language) })}
      />
      {saved && (
        <div className="reply-preview" data-testid="reply-preview">
          {variants.length > 1 && (
            <SelectField
              label={t('answer.variantLanguage')}
              name="saved_reply_language"
              value={variant?.language ?? ''}
              onChange={setVariantLang}
              options={variants.map((v) => ({ value: v.language, label: languageLabel(v.language) }))}
            />
          )}
          <h3 id="preview-title">{t('answer.preview', { language: languageLabel(variant?.language) })}</h3>
          <p className="preview-text" dir="auto" lang={variant?.language}>
            {preview}
          </p>
          <div className="actions">
            <Button
              className="btn btn-small"
              onPress={() => {
                setText(preview);
                setSavedId('');
                window.setTimeout(() => textRef.current?.querySelector('textarea')?.focus(), 0);
              }}
            >
              {t('answer.editSaved')}
            </Button>
          </div>
          {!text.trim() && <p className="field-description">{t('answer.sendsSaved')}</p>}
        </div>
      )}
      <div ref={textRef}>
        <TextInput
          label={t('answer.text')}
          name="answer_text"
          value={text}
          onChange={(v) => {
            setText(v);
            setMissing(false);
          }}
          multiline
          rows={6}
          lang={conversation.language !== 'und' ? conversation.language : undefined}
          description={saved ? t('answer.textOverrides') : t('answer.textHelp')}
          error={missing ? t('answer.required') : fieldErr}
        />
      </div>
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {t('answer.send')}
        </Button>
      </div>
    </form>
  );
}
