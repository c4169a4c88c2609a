// The review of a post: where it stands (status, version, peer reviews, spokesperson), what the
// publishing policy finds in it (grouped by effect), who approved this version, and the decisions
// the signed-in user may take now (the server's `review.actions`): submit (with the on-the-record
// attestation when the policy asks for it), approve the version shown, request changes, reject,
// withdraw. Every decision ends with a message that takes the focus (onDecided).
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import {
  ApiError,
  approvePost,
  type Finding,
  getPolicy,
  getPost,
  type Organisation,
  type PostView,
  rejectPost,
  requestChanges,
  submitPost,
  withdrawPost,
} from '../../api';
import { useLocale } from '../../i18n';
import { useFormatBrussels, useT } from '../../i18n/useT';
import { TextInput } from '../fields';
import { PostStatusBadge } from '../posts/labels';
import { ProblemAlert } from '../ProblemAlert';
import { useAsync } from '../useAsync';
import { DecisionDialog } from './DecisionDialog';
import { reviewChanged } from './events';
import { findingText, FindingsList } from './findings';

interface Props {
  view: PostView;
  orgs: Organisation[];
  /** A decision was taken: the post as it is now and the sentence that says so. */
  onDecided: (v: PostView, message: string) => void;
  /** Saves what the author typed before submitting; false when the draft could not be saved. */
  beforeSubmit?: () => Promise<boolean>;
  /** The post changed under the reader (409): the page shows it as it is now. */
  onRefreshed?: (v: PostView) => void;
}

/** A refused submission: each blocking rule in the interface language. */
function SubmitProblem({ error, findings }: { error: unknown; findings: Finding[] }) {
  const t = useT();
  const { locale } = useLocale();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [error]);
  const policy = error instanceof ApiError && error.status === 400 ? (error.problem.errors ?? []).filter((e) => e.field?.startsWith('policy.')) : [];
  if (policy.length === 0) return <ProblemAlert error={error} title={t('review.submitRefused')} autoFocus />;
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={ref} data-testid="submit-problem">
      <p className="alert-title">{t('review.submitBlocked')}</p>
      <ul className="alert-list">
        {policy.map((e, i) => {
          const rule = e.field.slice('policy.'.length);
          const f = findings.find((x) => x.rule === rule) ?? { rule, effect: 'blocks', matched: [], message: e.message, unblock: 'author', set_by: 0 };
          const text = findingText(t, locale, f);
          return <li key={i} data-rule={rule}>{text ?? <span lang="en">{e.message}</span>}</li>;
        })}
      </ul>
    </div>
  );
}

export function ReviewPanel({ view, orgs, onDecided, beforeSubmit, onRefreshed }: Props) {
  const t = useT();
  const fmt = useFormatBrussels();
  const r = view.review;
  const can = (a: string) => r.actions.includes(a);
  const attestId = useId();
  const [attest, setAttest] = useState(false);
  const [submitComment, setSubmitComment] = useState('');
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [decisionError, setDecisionError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const policy = useAsync(() => getPolicy(view.organisation_id), [view.organisation_id], can('submit'));
  // Unknown (policy not readable): the box is offered, not marked required.
  const attestationRequired = policy.data?.effective.require_attestation ?? null;
  const attestMissing = submitError instanceof ApiError && (submitError.problem.errors ?? []).some((e) => e.field === 'policy.attestation');

  const decide = async (call: () => Promise<PostView>, message: (v: PostView) => string) => {
    setBusy(true);
    setDecisionError(null);
    setStale(false);
    try {
      const v = await call();
      reviewChanged();
      onDecided(v, message(v));
    } catch (e) {
      setDecisionError(e);
      if (e instanceof ApiError && e.status === 409 && onRefreshed) {
        // Changed since it was read (a new version, or decided by someone else): show it as it is.
        try {
          onRefreshed(await getPost(view.id));
          setStale(true);
        } catch {
          /* the refusal stays shown */
        }
      }
    } finally {
      setBusy(false);
    }
  };

  // Dialog decisions: the error stays in the dialog (thrown back).
  const inDialog = async (call: () => Promise<PostView>, message: (v: PostView) => string) => {
    const v = await call();
    reviewChanged();
    onDecided(v, message(v));
  };

  const submit = async () => {
    setBusy(true);
    setSubmitError(null);
    try {
      if (beforeSubmit && !(await beforeSubmit())) {
        setSubmitError(new ApiError({ type: '/problems/not-saved', title: t('composer.notSaved'), status: 400, detail: t('review.saveFirst') }));
        return;
      }
      const v = await submitPost(view.id, { attest, comment: submitComment.trim() || undefined });
      reviewChanged();
      onDecided(v, v.status === 'approved' ? t('review.submittedApproved', { version: v.version }) : t('review.submitted', { version: v.version }));
    } catch (e) {
      setSubmitError(e);
    } finally {
      setBusy(false);
    }
  };

  let spokesperson: string;
  if (!r.spokesperson_required) spokesperson = t('review.spokespersonNotNeeded');
  else if (r.spokesperson_approved) spokesperson = t('review.spokespersonApproved');
  else if (view.status === 'in_review') spokesperson = t('review.spokespersonWaiting');
  else spokesperson = t('review.spokespersonRequired');

  const reviewing = can('approve') || can('request_changes') || can('reject');

  return (
    <section aria-labelledby="review-title" className="section review-panel" data-testid="review-panel">
      <h2 id="review-title">{t('review.title')}</h2>
      <dl className="details details-inline">
        <dt>{t('posts.status')}</dt>
        <dd data-testid="review-status" data-status={view.status}>
          <PostStatusBadge status={view.status} />
        </dd>
        <dt>{t('review.version')}</dt>
        <dd data-testid="review-version">{view.version}</dd>
        <dt>{t('review.peerReviews')}</dt>
        <dd data-testid="peer-progress">
          {r.peer_reviews_required === 0 ? t('review.noPeerReview') : t('review.peerProgress', { done: r.peer_approvals, required: r.peer_reviews_required })}
        </dd>
        <dt>{t('review.spokesperson')}</dt>
        <dd data-testid="spokesperson-progress">{spokesperson}</dd>
        {r.attested && (
          <>
            <dt>{t('review.attestation')}</dt>
            <dd>{t('review.attested')}</dd>
          </>
        )}
      </dl>

      <h3>{t('review.findingsTitle')}</h3>
      <FindingsList findings={r.findings} orgs={orgs} headingLevel={4} />

      {r.approvals.length > 0 && (
        <>
          <h3>{t('review.approvalsTitle')}</h3>
          <ul className="approvals" data-testid="approvals">
            {r.approvals.map((a) => (
              <li key={`${a.user_id}-${a.version}`}>
                {a.as_spokesperson
                  ? t('review.approvedBySpokesperson', { name: a.username, version: a.version })
                  : t('review.approvedBy', { name: a.username, version: a.version })}{' '}
                <time dateTime={a.at} className="cell-note">
                  {fmt(a.at)}
                </time>
              </li>
            ))}
          </ul>
        </>
      )}

      {can('submit') && (
        <form
          className="review-action"
          aria-labelledby="submit-title"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h3 id="submit-title">{t('review.submitTitle')}</h3>
          <p className="field-description">
            {r.peer_reviews_required === 0 && !r.spokesperson_required ? t('review.submitHelpNoReview') : t('review.submitHelp', { count: r.peer_reviews_required })}
            {r.spokesperson_required && ` ${t('review.submitHelpSpokesperson')}`}
          </p>
          {submitError != null && <SubmitProblem error={submitError} findings={r.findings} />}
          {attestationRequired !== false && (
            <div className="field attest">
              <input
                type="checkbox"
                id={attestId}
                name="attest"
                checked={attest}
                onChange={(e) => {
                  setAttest(e.target.checked);
                  setSubmitError(null);
                }}
                aria-required={attestationRequired === true || undefined}
                aria-invalid={attestMissing || undefined}
                aria-describedby={`${attestId}-help${attestMissing ? ` ${attestId}-err` : ''}`}
              />
              <label htmlFor={attestId}>
                {t('review.attestLabel')}
                {attestationRequired && (
                  <span className="required" aria-hidden="true">
                    {' *'}
                  </span>
                )}
              </label>
              <p id={`${attestId}-help`} className="field-description">
                {attestationRequired ? t('review.attestRequired') : t('review.attestOptional')}
              </p>
              {attestMissing && (
                <p id={`${attestId}-err`} className="field-error">
                  {t('finding.attestation')}
                </p>
              )}
            </div>
          )}
          <TextInput label={t('review.submitComment')} name="submit_comment" value={submitComment} onChange={setSubmitComment} multiline rows={2} />
          <div className="actions">
            <Button type="submit" className="btn btn-primary" isDisabled={busy}>
              {t('review.submit')}
            </Button>
          </div>
        </form>
      )}

      {reviewing && (
        <div className="review-action" role="group" aria-labelledby="decide-title">
          <h3 id="decide-title">{t('review.decideTitle')}</h3>
          {can('approve') && <p className="field-description">{t('review.approveHelp', { version: view.version })}</p>}
          <ProblemAlert error={decisionError} title={stale ? t('review.changedSinceRead') : undefined} autoFocus />
          <div className="actions">
            {can('approve') && (
              <Button
                className="btn btn-primary"
                isDisabled={busy}
                onPress={() =>
                  void decide(
                    () => approvePost(view.id, view.version),
                    (v) =>
                      v.status === 'approved'
                        ? t('review.approvedComplete', { version: view.version })
                        : v.review.spokesperson_required && !v.review.spokesperson_approved
                          ? t('review.approvedWaitingSpokesperson', { version: view.version })
                          : t('review.approvedWaitingPeers', { version: view.version }),
                  )
                }
              >
                {t('review.approve', { version: view.version })}
              </Button>
            )}
            {can('request_changes') && (
              <DecisionDialog
                label={t('review.requestChanges')}
                title={t('review.requestChangesTitle')}
                help={t('review.requestChangesHelp')}
                commentLabel={t('review.requestChangesComment')}
                required
                confirmLabel={t('review.requestChangesConfirm')}
                isDisabled={busy}
                onSubmit={(comment) => inDialog(() => requestChanges(view.id, comment), () => t('review.changesRequested'))}
              />
            )}
            {can('reject') && (
              <DecisionDialog
                label={t('review.reject')}
                title={t('review.rejectTitle')}
                help={t('review.rejectHelp')}
                commentLabel={t('review.rejectComment')}
                required
                confirmLabel={t('review.rejectConfirm')}
                danger
                isDisabled={busy}
                onSubmit={(comment) => inDialog(() => rejectPost(view.id, comment), () => t('review.rejected'))}
              />
            )}
          </div>
        </div>
      )}

      {can('withdraw') && (
        <div className="review-action" role="group" aria-labelledby="withdraw-title">
          <h3 id="withdraw-title">{t('review.withdrawTitle')}</h3>
          <p className="field-description">{t('review.withdrawHelp')}</p>
          <DecisionDialog
            label={t('review.withdraw')}
            title={t('review.withdrawDialogTitle')}
            help={t('review.withdrawHelp')}
            commentLabel={t('review.withdrawComment')}
            required={false}
            confirmLabel={t('review.withdrawConfirm')}
            danger
            isDisabled={busy}
            onSubmit={(comment) => inDialog(() => withdrawPost(view.id, comment || undefined), () => t('review.withdrawn'))}
          />
        </div>
      )}
    </section>
  );
}
