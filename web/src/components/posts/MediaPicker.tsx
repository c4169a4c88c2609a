// The images of a post: a file input to add one (uploaded at once; the server reads its type from
// the bytes), a thumbnail of each, an alt-text field per language of the post (required: every
// language a channel receives needs one), and a button to remove it.
import { useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { type Language, mediaContentUrl, uploadMedia } from '../../api';
import { useT } from '../../i18n/useT';
import { TextInput } from '../fields';
import { languageName } from '../labels';
import { ProblemAlert } from '../ProblemAlert';

export interface ComposerImage {
  media_id: number;
  file_name: string;
  alt: Record<Language, string>;
}

interface Props {
  orgId: number;
  images: ComposerImage[];
  /** The languages the post is written in: each image needs an alt text in each. */
  languages: Language[];
  onChange: (images: ComposerImage[]) => void;
  /** Field messages from the server, keyed like "media[0].alt.fr". */
  errors: Record<string, string>;
}

export const ACCEPTED_IMAGES = 'image/jpeg,image/png,image/gif,image/webp';

export function MediaPicker({ orgId, images, languages, onChange, errors }: Props) {
  const t = useT();
  const inputId = useId();
  const helpId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [announce, setAnnounce] = useState('');

  const add = async (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    setUploadError(null);
    try {
      const m = await uploadMedia(orgId, file);
      onChange([...images, { media_id: m.id, file_name: m.file_name, alt: { fr: '', nl: '', de: '', en: '' } }]);
      setAnnounce(t('media.added', { name: m.file_name }));
    } catch (e) {
      setUploadError(e);
    } finally {
      setUploading(false);
      if (input.current) input.current.value = '';
    }
  };

  const shownLanguages: Language[] = languages.length > 0 ? languages : ['fr'];

  return (
    <fieldset className="fieldset media-picker">
      <legend>{t('media.title')}</legend>
      <p className="field-description" id={helpId}>
        {t('media.help')}
      </p>
      <div className="field">
        <label htmlFor={inputId}>{t('media.add')}</label>
        <input
          id={inputId}
          ref={input}
          type="file"
          name="media"
          accept={ACCEPTED_IMAGES}
          aria-describedby={helpId}
          disabled={uploading || orgId <= 0}
          onChange={(e) => void add(e.target.files?.[0])}
        />
      </div>
      <p role="status" className="sr-only">
        {uploading ? t('media.uploading') : announce}
      </p>
      {uploading && <p className="form-note">{t('media.uploading')}</p>}
      {uploadError != null && <ProblemAlert error={uploadError} title={t('media.uploadFailed')} />}
      {errors.media && <p className="field-error">{errors.media}</p>}
      {images.length > 0 && (
        <ul className="media-list">
          {images.map((img, i) => (
            <li key={img.media_id} className="media-item" data-media-id={img.media_id}>
              <img className="media-thumb" src={mediaContentUrl(img.media_id)} alt={t('media.thumbnail', { number: i + 1, name: img.file_name })} />
              <div className="media-fields">
                <p className="media-name">{t('media.imageNumber', { number: i + 1, name: img.file_name })}</p>
                {shownLanguages.map((l) => (
                  <TextInput
                    key={l}
                    label={t('media.altIn', { number: i + 1, language: languageName(t, l) })}
                    name={`media.${i}.alt.${l}`}
                    value={img.alt[l]}
                    onChange={(v) => onChange(images.map((x, k) => (k === i ? { ...x, alt: { ...x.alt, [l]: v } } : x)))}
                    description={t('media.altHelp')}
                    error={errors[`media[${i}].alt.${l}`] ?? errors[`media[${i}].media_id`]}
                    lang={l}
                    multiline
                    rows={2}
                    isRequired
                  />
                ))}
                <Button
                  className="btn btn-small"
                  onPress={() => {
                    onChange(images.filter((_, k) => k !== i));
                    setAnnounce(t('media.removed', { name: img.file_name }));
                  }}
                >
                  {t('media.remove', { number: i + 1, name: img.file_name })}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
