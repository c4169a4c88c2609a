// A post's versions (every change of its content makes one) and a readable diff per language
// between two of them: deleted words in <del>, inserted words in <ins>, each also said in words
// for screen readers; the other changes (type, tags, link, accounts, images) are listed in the
// interface language from the two versions' snapshots.
import { useState } from 'react';
import { type DiffPiece, getDiff, LANGUAGES, listVersions, type PostVersion } from '../../api';
import { useLocale } from '../../i18n';
import { useFormatBrussels, useT, type Translate } from '../../i18n/useT';
import { SelectField } from '../fields';
import { languageName } from '../labels';
import { contentTypeLabel } from '../posts/labels';
import { ProblemAlert } from '../ProblemAlert';
import { useAsync } from '../useAsync';

function Pieces({ pieces, language }: { pieces: DiffPiece[]; language: string }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <p className="diff-text preview-text" lang={language}>
      {pieces.map((p, i) => {
        if (p.op === 'delete') {
          return (
            <del key={i}>
              <span className="sr-only" lang={locale}>
                {t('diff.deletedStart')}
              </span>
              {p.text}
              <span className="sr-only" lang={locale}>
                {t('diff.deletedEnd')}
              </span>
            </del>
          );
        }
        if (p.op === 'insert') {
          return (
            <ins key={i}>
              <span className="sr-only" lang={locale}>
                {t('diff.insertedStart')}
              </span>
              {p.text}
              <span className="sr-only" lang={locale}>
                {t('diff.insertedEnd')}
              </span>
            </ins>
          );
        }
        return <span key={i}>{p.text}</span>;
      })}
    </p>
  );
}

function changeLabel(t: Translate, change: string): string {
  switch (change) {
    case 'added':
      return t('diff.added');
    case 'removed':
      return t('diff.removed');
    case 'changed':
      return t('diff.changed');
    default:
      return t('diff.same');
  }
}

/** The changes besides the texts, from the two snapshots. */
function otherChanges(t: Translate, locale: string, a: PostVersion, b: PostVersion): string[] {
  const out: string[] = [];
  const none = t('diff.none');
  const join = (xs: (string | number)[]) => (xs.length ? new Intl.ListFormat(locale, { type: 'conjunction' }).format(xs.map(String)) : none);
  if (a.content_type !== b.content_type) out.push(t('diff.contentType', { from: contentTypeLabel(t, a.content_type), to: contentTypeLabel(t, b.content_type) }));
  if ((a.link_url ?? '') !== (b.link_url ?? '')) out.push(t('diff.link', { from: a.link_url || none, to: b.link_url || none }));
  if (JSON.stringify(a.tags) !== JSON.stringify(b.tags)) out.push(t('diff.tags', { from: join(a.tags.map((x) => `#${x}`)), to: join(b.tags.map((x) => `#${x}`)) }));
  const added = b.channel_ids.filter((c) => !a.channel_ids.includes(c));
  const removed = a.channel_ids.filter((c) => !b.channel_ids.includes(c));
  if (added.length) out.push(t('diff.channelsAdded', { count: added.length }));
  if (removed.length) out.push(t('diff.channelsRemoved', { count: removed.length }));
  const ia = new Map(a.media.map((m) => [m.media_id, m]));
  const ib = new Map(b.media.map((m) => [m.media_id, m]));
  for (const [id, m] of ib) {
    const before = ia.get(id);
    if (!before) out.push(t('diff.imageAdded', { id }));
    else {
      const langs = LANGUAGES.filter((l) => (before.alt[l] ?? '') !== (m.alt[l] ?? ''));
      if (langs.length) out.push(t('diff.altChanged', { id, languages: join(langs.map((l) => languageName(t, l))) }));
    }
  }
  for (const id of ia.keys()) if (!ib.has(id)) out.push(t('diff.imageRemoved', { id }));
  return out;
}

/** `embedded`: inside a section that has its own heading (the draft editor's "show versions"). */
export function VersionHistory({ postId, currentVersion, embedded = false }: { postId: number; currentVersion: number; embedded?: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const fmt = useFormatBrussels();
  const versions = useAsync(() => listVersions(postId), [postId, currentVersion]);
  const items = versions.data?.items ?? [];
  const numbers = items.map((v) => v.version).sort((x, y) => x - y);
  const [pick, setPick] = useState<{ from: number; to: number } | null>(null);
  const last = numbers[numbers.length - 1];
  const defaultPair = numbers.length >= 2 ? { from: numbers[numbers.length - 2]!, to: last! } : null;
  const pair = pick && numbers.includes(pick.from) && numbers.includes(pick.to) && pick.from < pick.to ? pick : defaultPair;
  const diff = useAsync(() => getDiff(postId, pair!.from, pair!.to), [postId, pair?.from, pair?.to], pair != null);
  const va = items.find((v) => v.version === pair?.from);
  const vb = items.find((v) => v.version === pair?.to);
  const others = va && vb ? otherChanges(t, locale, va, vb) : [];

  const body = (
    <>
      <ProblemAlert error={versions.error} />
      {versions.data && items.length === 0 && <p>{t('versions.none')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table versions-table">
            <caption className="sr-only">{t('versions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('versions.version')}</th>
                <th scope="col">{t('versions.by')}</th>
                <th scope="col">{t('versions.when')}</th>
              </tr>
            </thead>
            <tbody>
              {[...items]
                .sort((x, y) => y.version - x.version)
                .map((v) => (
                  <tr key={v.version} data-version={v.version}>
                    <th scope="row">
                      {v.version}
                      {v.version === currentVersion && <span className="cell-note"> {t('versions.current')}</span>}
                    </th>
                    <td>{v.created_by_name}</td>
                    <td>
                      <time dateTime={v.created_at}>{fmt(v.created_at)}</time>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
      {pair && (
        <>
          <form className="filters" aria-label={t('diff.compareLabel')} onSubmit={(e) => e.preventDefault()}>
            <SelectField
              label={t('diff.from')}
              name="diff_from"
              value={String(pair.from)}
              onChange={(v) => setPick({ from: Number(v), to: pair.to > Number(v) ? pair.to : last! })}
              options={numbers.slice(0, -1).map((n) => ({ value: String(n), label: t('versions.versionN', { version: n }) }))}
            />
            <SelectField
              label={t('diff.to')}
              name="diff_to"
              value={String(pair.to)}
              onChange={(v) => setPick({ from: pair.from < Number(v) ? pair.from : numbers[0]!, to: Number(v) })}
              options={numbers.slice(1).map((n) => ({ value: String(n), label: t('versions.versionN', { version: n }) }))}
            />
          </form>
          <div className="diff" data-testid="diff" data-from={pair.from} data-to={pair.to}>
            <h3>{t('diff.title', { from: pair.from, to: pair.to })}</h3>
            <ProblemAlert error={diff.error} />
            {diff.loading && <p role="status">{t('common.loading')}</p>}
            {diff.data &&
              diff.data.languages.map((l) => (
                <div key={l.language} className={`diff-language diff-${l.change}`} data-language={l.language} data-change={l.change}>
                  <h4>
                    {languageName(t, l.language)} — {changeLabel(t, l.change)}
                  </h4>
                  {l.change !== 'same' && <Pieces pieces={l.pieces} language={l.language} />}
                </div>
              ))}
            {diff.data && others.length > 0 && (
              <>
                <h4>{t('diff.otherChanges')}</h4>
                <ul data-testid="other-changes">
                  {others.map((o, i) => (
                    <li key={i}>{o}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </>
      )}
    </>
  );
  if (embedded) return <div className="versions">{body}</div>;
  return (
    <section aria-labelledby="versions-title" className="section versions">
      <h2 id="versions-title">{t('versions.title')}</h2>
      {body}
    </section>
  );
}
