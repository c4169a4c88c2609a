// The review conversation of a post: comments and the decisions taken on it (submitted, approved,
// changes requested…), each with the version it concerned; people who draft or review the post
// can add a comment, optionally saying its language.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { addComment, ApiError, type Language, LANGUAGES, listComments, type ReviewComment } from '../../api';
import { useFormatBrussels, useT, type Translate } from '../../i18n/useT';
import { SelectField, TextInput } from '../fields';
import { languageName } from '../labels';
import { ProblemAlert } from '../ProblemAlert';
import { useAsync } from '../useAsync';

function kindLabel(t: Translate, c: ReviewComment): string {
  const values = { name: c.author_name, version: c.version };
  switch (c.kind) {
    case 'submitted':
      return t('conversation.submitted', values);
    case 'approved':
      return t('conversation.approved', values);
    case 'changes_requested':
      return t('conversation.changesRequested', values);
    case 'rejected':
      return t('conversation.rejected', values);
    case 'withdrawn':
      return t('conversation.withdrawn', values);
    case 'back_to_review':
      return t('conversation.backToReview', values);
    default:
      return t('conversation.commented', values);
  }
}

// A decision taken without a comment carries the server's own summary (English): the line's
// label says the same in the interface language, so the summary is not repeated.
const SUMMARY = /^(submitted version|approved version|spokesperson approved version|asked for changes to version|rejected version|withdrew version|changed version|changed to version)\b/;

export function Conversation({ postId, canComment, refreshKey }: { postId: number; canComment: boolean; refreshKey: string }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const [tick, setTick] = useState(0);
  const comments = useAsync(() => listComments(postId), [postId, refreshKey, tick]);
  const [body, setBody] = useState('');
  const [language, setLanguage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(0);
  const items = comments.data?.items ?? [];
  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};

  const send = async () => {
    if (body.trim() === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await addComment(postId, body.trim(), (language || undefined) as Language | undefined);
      setBody('');
      setAdded((n) => n + 1);
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="conversation-title" className="section conversation">
      <h2 id="conversation-title">{t('conversation.title')}</h2>
      <ProblemAlert error={comments.error} />
      {comments.data && items.length === 0 && <p>{t('conversation.empty')}</p>}
      {items.length > 0 && (
        <ol className="conversation-list" data-testid="conversation">
          {items.map((c) => (
            <li key={c.id} className={`conversation-item conversation-${c.kind}`} data-kind={c.kind}>
              <p className="conversation-head">
                <strong>{kindLabel(t, c)}</strong>{' '}
                <time dateTime={c.created_at} className="cell-note">
                  {fmt(c.created_at)}
                </time>
                {c.language && <span className="cell-note"> · {t('conversation.inLanguage', { language: languageName(t, c.language) })}</span>}
              </p>
              {c.body && !(c.kind !== 'comment' && SUMMARY.test(c.body)) && (
                <p className="conversation-body" lang={c.language ?? undefined}>
                  {c.body}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {canComment && (
        <form
          className="comment-form"
          aria-labelledby="comment-title"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <h3 id="comment-title">{t('conversation.add')}</h3>
          {error != null && !fieldErrors.body && <ProblemAlert error={error} />}
          <TextInput
            label={t('conversation.comment')}
            name="comment_body"
            value={body}
            onChange={(v) => {
              setBody(v);
              setMissing(false);
            }}
            multiline
            rows={3}
            isRequired
            error={missing ? t('conversation.commentRequired') : fieldErrors.body}
          />
          <SelectField
            label={t('conversation.language')}
            name="comment_language"
            value={language}
            onChange={setLanguage}
            options={[{ value: '', label: t('conversation.languageUnsaid') }, ...LANGUAGES.map((l) => ({ value: l, label: languageName(t, l) }))]}
            error={fieldErrors.language}
          />
          <div className="actions">
            <Button type="submit" className="btn" isDisabled={busy}>
              {t('conversation.send')}
            </Button>
          </div>
          <p role="status" className="sr-only" data-testid="comment-status">
            {added > 0 ? t('conversation.added') : ''}
          </p>
        </form>
      )}
    </section>
  );
}
