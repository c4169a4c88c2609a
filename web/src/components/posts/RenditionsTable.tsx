// The messages of a scheduled or published post, one per channel (or per language for channels
// that publish each language separately), with their status and the network's answer. A published
// message can be deleted from its network (after confirmation) and, on networks that allow it
// (Mastodon), edited; the texts it had before stay listed under it.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { ApiError, type Channel, deleteRendition, EDITABLE_NETWORKS, editRendition, type Rendition } from '../../api';
import { useFormatBrussels, useT } from '../../i18n/useT';
import { ConfirmButton } from '../ConfirmButton';
import { TextInput } from '../fields';
import { LanguageList, networkName } from '../labels';
import { ProblemAlert } from '../ProblemAlert';
import { RenditionStatusBadge, revisionStatusLabel } from './labels';

interface Props {
  renditions: Rendition[];
  channelsById: Map<number, Channel>;
  /** Network of each channel when the channel itself is not listed (from the post's preview). */
  networkOf: Map<number, string>;
  caption: string;
  /** The caller may delete and edit published messages (the scheduling roles). */
  canAct?: boolean;
  /** A message changed (its deletion or edit is on its way). */
  onChanged?: (r: Rendition) => void;
  /** Offered on failed renditions when set (re-queues them with the same idempotency key). */
  onRetry?: (r: Rendition) => void;
  busy?: boolean;
}

export function RenditionsTable({ renditions, channelsById, networkOf, caption, canAct = false, onChanged, onRetry, busy }: Props) {
  const t = useT();
  const fmt = useFormatBrussels();
  return (
    <div className="table-wrap">
      <table className="table renditions">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('renditions.channel')}</th>
            <th scope="col">{t('renditions.languages')}</th>
            <th scope="col">{t('renditions.status')}</th>
            <th scope="col">{t('renditions.time')}</th>
            <th scope="col">{t('renditions.result')}</th>
            <th scope="col">{t('renditions.text')}</th>
          </tr>
        </thead>
        <tbody>
          {renditions.map((r) => {
            const ch = channelsById.get(r.channel_id);
            const network = ch?.network ?? networkOf.get(r.channel_id) ?? '';
            const name = ch ? ch.display_name || ch.handle : t('posts.channelNumber', { id: r.channel_id });
            return (
              <tr key={r.id} data-rendition-id={r.id} data-status={r.status}>
                <th scope="row">
                  {network && <span className="cell-note">{networkName(t, network)}</span>}
                  {name}
                </th>
                <td>
                  <LanguageList languages={r.languages} />
                </td>
                <td>
                  <RenditionStatusBadge status={r.status} />
                  {r.attempts > 0 && <span className="cell-note">{t('renditions.attempts', { count: r.attempts })}</span>}
                  {onRetry && r.status === 'failed' && (
                    <Button className="btn btn-small" isDisabled={busy} aria-label={t('renditions.retryLabel', { name })} onPress={() => onRetry(r)}>
                      {t('renditions.retry')}
                    </Button>
                  )}
                </td>
                <td>
                  {r.published_at ? (
                    <>
                      <span className="cell-note">{t('renditions.publishedAt')}</span>
                      <time dateTime={r.published_at}>{fmt(r.published_at)}</time>
                    </>
                  ) : r.publish_at ? (
                    <>
                      <span className="cell-note">{t('renditions.publishAt')}</span>
                      <time dateTime={r.publish_at}>{fmt(r.publish_at)}</time>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {r.remote_url && (
                    <a href={r.remote_url} rel="noopener noreferrer">
                      {t('renditions.view', { network: network ? networkName(t, network) : name })}
                      <span className="sr-only"> — {name}</span>
                    </a>
                  )}
                  {r.network_message && (
                    <p className="network-message">
                      <span className="cell-note">{t('renditions.networkSaid')}</span>
                      <q>{r.network_message}</q>
                    </p>
                  )}
                  {r.explanation && (
                    <p className="network-explanation" lang="en">
                      {r.explanation}
                    </p>
                  )}
                  {!r.remote_url && !r.network_message && !r.explanation && '—'}
                </td>
                <td>
                  <div className="rendition-text" lang={r.languages.length === 1 ? r.languages[0] : undefined}>
                    {r.text}
                  </div>
                  {r.revisions.length > 0 && <Revisions rendition={r} />}
                  {canAct && r.status === 'published' && (
                    <RenditionActions rendition={r} network={network} name={name} onChanged={onChanged} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The texts a message had on its network, oldest first, with who asked for each and when. */
function Revisions({ rendition }: { rendition: Rendition }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const lang = rendition.languages.length === 1 ? rendition.languages[0] : undefined;
  return (
    <details className="revisions">
      <summary>{t('revisions.summary', { count: rendition.revisions.length })}</summary>
      <ol>
        {rendition.revisions.map((v) => (
          <li key={v.id} data-revision-status={v.status}>
            <span className="cell-note">
              {t('revisions.line', {
                status: revisionStatusLabel(t, v.status),
                who: v.requested_by_name,
                when: fmt(v.live_at ?? v.requested_at),
              })}
            </span>
            <div className="rendition-text" lang={lang}>
              {v.text}
            </div>
            {v.explanation && v.status === 'failed' && (
              <p className="network-explanation" lang="en">
                {v.explanation}
              </p>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}

interface ActionsProps {
  rendition: Rendition;
  network: string;
  name: string;
  onChanged?: (r: Rendition) => void;
}

/** Delete (confirmed in a dialog) and, where the network allows it, edit a published message. */
function RenditionActions({ rendition, network, name, onChanged }: ActionsProps) {
  const t = useT();
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(rendition.text);
  const [busy, setBusy] = useState(false);
  const networkLabel = network ? networkName(t, network) : name;
  // The server's reason when the new text breaks the network's rules, shown at the field.
  const fieldError = error instanceof ApiError && error.problem.field === 'text' ? error.problem.detail : undefined;

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await editRendition(rendition.post_id, rendition.id, text);
      setEditing(false);
      onChanged?.(r);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="rendition-actions" data-testid={`rendition-actions-${rendition.id}`}>
      <ProblemAlert error={fieldError ? null : error} />
      {editing ? (
        <form
          className="rendition-edit"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <TextInput
            label={t('renditions.editLabel', { network: networkLabel })}
            name={`rendition-${rendition.id}-text`}
            value={text}
            onChange={setText}
            multiline
            rows={5}
            lang={rendition.languages.length === 1 ? rendition.languages[0] : undefined}
            description={t('renditions.editHelp')}
            error={fieldError}
            isRequired
          />
          <div className="actions">
            <Button type="submit" className="btn btn-primary btn-small" isDisabled={busy}>
              {t('renditions.editSave')}
            </Button>
            <Button
              className="btn btn-small"
              onPress={() => {
                setEditing(false);
                setText(rendition.text);
                setError(null);
              }}
            >
              {t('action.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <div className="actions">
          {EDITABLE_NETWORKS.has(network) && (
            <Button className="btn btn-small" onPress={() => setEditing(true)}>
              {t('renditions.edit')}
              <span className="sr-only"> — {name}</span>
            </Button>
          )}
          <ConfirmButton
            label={t('renditions.delete')}
            labelContext={name}
            title={t('renditions.deleteTitle', { network: networkLabel })}
            message={t('renditions.deleteText', { network: networkLabel })}
            confirmLabel={t('renditions.deleteConfirm')}
            cancelLabel={t('renditions.deleteKeep')}
            onConfirm={async () => {
              setError(null);
              try {
                onChanged?.(await deleteRendition(rendition.post_id, rendition.id));
              } catch (e) {
                setError(e);
              }
            }}
          />
        </div>
      )}
    </div>
  );
}
