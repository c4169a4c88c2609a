// A moderation decision in words: the facts (category, score, rule, who, network result, reason)
// as <dt>/<dd> pairs, a one-line summary, and the focused note that reports a decision just taken.
import { type ReactNode, useEffect, useRef } from 'react';
import type { Decision } from '../../api';
import { useFormatBrussels, useT } from '../../i18n/useT';
import { decisionActionLabel, decisionSourceLabel, moderationCategoryLabel, networkResultLabel, useFormatScore } from './labels';

export function FocusNote({ children, testId }: { children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-success" role="status" data-testid={testId}>
      <p>{children}</p>
    </div>
  );
}

/** "Hidden. On the network: hidden." — what a decision did, in words. */
export function useDecisionSummary(): (d: Decision) => string {
  const t = useT();
  return (d) => {
    const base = t('moderate.decided', { action: decisionActionLabel(t, d.action), result: networkResultLabel(t, d.network_result) });
    return d.network_message ? `${base} ${d.network_message}` : base;
  };
}

export function DecisionFacts({ d }: { d: Decision | null }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const score = useFormatScore();
  if (!d) return null;
  return (
    <>
      <dt>{t('moderation.category')}</dt>
      <dd>{d.category ? moderationCategoryLabel(t, d.category) : '—'}</dd>
      <dt>{t('moderation.score')}</dt>
      <dd>{score(d.score)}</dd>
      <dt>{t('moderation.rule')}</dt>
      <dd>{d.rule ? <code className="rule-text">{d.rule}</code> : '—'}</dd>
      <dt>{t('moderation.source')}</dt>
      <dd>
        {decisionSourceLabel(t, d.source)}
        {d.source === 'person' && (d.decided_by?.name || d.decided_by_name) ? ` — ${d.decided_by?.name || d.decided_by_name}` : ''}
      </dd>
      <dt>{t('moderation.decision')}</dt>
      <dd>
        {decisionActionLabel(t, d.action)} — <time dateTime={d.created_at}>{fmt(d.created_at)}</time>
      </dd>
      <dt>{t('moderation.networkResult')}</dt>
      <dd data-testid="network-result">
        {networkResultLabel(t, d.network_result)}
        {d.network_message ? ` — ${d.network_message}` : ''}
      </dd>
      {d.reason && (
        <>
          <dt>{t('moderation.reason')}</dt>
          <dd dir="auto">{d.reason}</dd>
        </>
      )}
    </>
  );
}
