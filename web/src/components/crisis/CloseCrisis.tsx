// Closing a crisis: the paused posts whose time is still ahead go back to their schedule; for each
// one whose time passed, the user decides — publish now, reschedule at a Brussels date and time,
// or cancel (the post keeps its approval). Then a confirmation, and the server's answer.
import { useMemo, useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { type CloseAction, type CloseDecision, closeCrisis, type CrisisView, type PausedRendition } from '../../api';
import { useFormatBrussels, useT } from '../../i18n/useT';
import { Link } from '../../router';
import { localDateTimeInZone, zonedLocalToIso } from '../../time';
import { TextInput } from '../fields';
import { ProblemAlert } from '../ProblemAlert';

interface PostGroup {
  postId: number;
  renditions: PausedRendition[];
  pastDue: boolean;
  due: string;
}

export function groupPaused(paused: PausedRendition[]): PostGroup[] {
  const by = new Map<number, PausedRendition[]>();
  for (const p of paused) by.set(p.post_id, [...(by.get(p.post_id) ?? []), p]);
  return [...by.entries()].map(([postId, rs]) => ({
    postId,
    renditions: rs,
    pastDue: rs.some((r) => r.past_due),
    due: rs.map((r) => r.original_publish_at).sort()[0]!,
  }));
}

interface Decision {
  action: CloseAction | '';
  when: string;
}

export function CloseCrisis({ view, postLabel, onClosed, onRefused }: { view: CrisisView; postLabel: (id: number) => string; onClosed: (v: CrisisView) => void; onRefused: () => void }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const groups = useMemo(() => groupPaused(view.paused.filter((p) => p.state === 'paused')), [view.paused]);
  const pastDue = groups.filter((g) => g.pastDue);
  const ahead = groups.filter((g) => !g.pastDue);
  const [decisions, setDecisions] = useState<Record<number, Decision>>({});
  const [problems, setProblems] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const minWhen = localDateTimeInZone(Date.now()) ?? undefined;

  const decide = (postId: number, patch: Partial<Decision>) => setDecisions((prev) => ({ ...prev, [postId]: { action: '', when: '', ...prev[postId], ...patch } }));

  const build = (): CloseDecision[] | null => {
    const out: CloseDecision[] = [];
    const p: Record<number, string> = {};
    for (const g of pastDue) {
      const d = decisions[g.postId];
      if (!d?.action) {
        p[g.postId] = t('crisisClose.decisionRequired');
        continue;
      }
      if (d.action === 'reschedule') {
        const iso = d.when ? zonedLocalToIso(d.when) : null;
        if (!iso) p[g.postId] = d.when ? t('crisisClose.whenInvalid') : t('crisisClose.whenRequired');
        else if (new Date(iso).getTime() <= Date.now()) p[g.postId] = t('crisisClose.whenPast');
        else out.push({ post_id: g.postId, action: 'reschedule', publish_at: iso });
      } else {
        out.push({ post_id: g.postId, action: d.action });
      }
    }
    setProblems(p);
    return Object.keys(p).length ? null : out;
  };

  const close = async () => {
    setConfirming(false);
    const list = build();
    if (!list) return;
    setBusy(true);
    setError(null);
    try {
      onClosed(await closeCrisis(view.id, list));
    } catch (e) {
      setError(e);
      onRefused();
    } finally {
      setBusy(false);
    }
  };

  const problemCount = Object.keys(problems).length;
  return (
    <form
      className="form close-crisis"
      noValidate
      aria-labelledby="close-title"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        if (build()) setConfirming(true);
      }}
    >
      <ProblemAlert error={error} title={t('crisisClose.refused')} autoFocus />
      {problemCount > 0 && (
        <div className="alert alert-error" role="alert" data-testid="close-problems">
          <p className="alert-title">{t('crisisClose.decisionsMissing', { count: problemCount })}</p>
        </div>
      )}
      {groups.length === 0 ? (
        <p>{t('crisisClose.nothingPaused')}</p>
      ) : (
        <>
          {ahead.length > 0 && (
            <>
              <p>{t('crisisClose.aheadIntro', { count: ahead.length })}</p>
              <ul className="plain-list" data-testid="close-ahead">
                {ahead.map((g) => (
                  <li key={g.postId}>
                    <Link to={`/posts/${g.postId}`}>{postLabel(g.postId)}</Link> — {t('crisisClose.backAt', { when: fmt(g.due) })}
                  </li>
                ))}
              </ul>
            </>
          )}
          {pastDue.length > 0 && <p>{t('crisisClose.pastIntro', { count: pastDue.length })}</p>}
          {pastDue.map((g) => {
            const d = decisions[g.postId] ?? { action: '', when: '' };
            const errId = `decision-${g.postId}-err`;
            const name = `decision-${g.postId}`;
            return (
              <fieldset key={g.postId} className="fieldset decision" data-post-id={g.postId} aria-describedby={problems[g.postId] ? errId : undefined}>
                <legend>{t('crisisClose.decisionLegend', { post: postLabel(g.postId), when: fmt(g.due) })}</legend>
                <p className="field-description">
                  {t('crisisClose.channels', { channels: g.renditions.map((r) => r.channel_name).join(', ') })} <Link to={`/posts/${g.postId}`}>{t('crisisClose.openPost')}</Link>
                </p>
                {(
                  [
                    ['publish_now', t('crisisClose.publishNow')],
                    ['reschedule', t('crisisClose.reschedule')],
                    ['cancel', t('crisisClose.cancel')],
                  ] as [CloseAction, string][]
                ).map(([value, label]) => (
                  <label key={value} className="radio-option">
                    <input type="radio" name={name} value={value} checked={d.action === value} onChange={() => decide(g.postId, { action: value })} />
                    <span>{label}</span>
                  </label>
                ))}
                {d.action === 'reschedule' && (
                  <TextInput label={t('crisisClose.when')} name={`${name}-when`} type="datetime-local" value={d.when} onChange={(v) => decide(g.postId, { when: v })} description={t('schedule.whenHelp')} min={minWhen} isRequired />
                )}
                {problems[g.postId] && (
                  <p id={errId} className="field-error">
                    {problems[g.postId]}
                  </p>
                )}
              </fieldset>
            );
          })}
        </>
      )}
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {t('crisisClose.submit')}
        </Button>
      </div>
      <ModalOverlay className="modal-overlay" isDismissable isOpen={confirming} onOpenChange={(o) => !o && setConfirming(false)}>
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog">
            <Heading slot="title" className="dialog-title">
              {t('crisisClose.confirmTitle')}
            </Heading>
            <p>{t('crisisClose.confirmText', { ahead: ahead.length, decided: pastDue.length })}</p>
            <div className="actions">
              <Button className="btn" onPress={() => setConfirming(false)} autoFocus>
                {t('action.cancel')}
              </Button>
              <Button className="btn btn-primary" onPress={() => void close()}>
                {t('crisisClose.confirm')}
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </form>
  );
}
