// A review decision that takes a comment (request changes, reject, withdraw): a button opens a
// modal dialog with the comment field; the dialog stays open and says why when the server refuses.
import { useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { ApiError } from '../../api';
import { useT } from '../../i18n/useT';
import { TextInput } from '../fields';
import { ProblemAlert } from '../ProblemAlert';

interface Props {
  label: string;
  title: string;
  help: string;
  commentLabel: string;
  /** The comment must be written (the author reads it). */
  required: boolean;
  confirmLabel: string;
  danger?: boolean;
  isDisabled?: boolean;
  onSubmit: (comment: string) => Promise<void>;
}

export function DecisionDialog({ label, title, help, commentLabel, required, confirmLabel, danger = false, isDisabled, onSubmit }: Props) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const serverField = error instanceof ApiError ? error.fieldErrors().comment : undefined;

  const openChange = (o: boolean) => {
    setOpen(o);
    if (o) {
      setComment('');
      setMissing(false);
      setError(null);
    }
  };

  const submit = async () => {
    if (required && comment.trim() === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(comment.trim());
      setOpen(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <DialogTrigger isOpen={open} onOpenChange={openChange}>
      <Button className={danger ? 'btn btn-danger' : 'btn'} isDisabled={isDisabled}>
        {label}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void submit();
                }}
                noValidate
              >
                <Heading slot="title" className="dialog-title">
                  {title}
                </Heading>
                <p>{help}</p>
                {error != null && !serverField && <ProblemAlert error={error} autoFocus />}
                <TextInput
                  label={commentLabel}
                  name="comment"
                  value={comment}
                  onChange={(v) => {
                    setComment(v);
                    setMissing(false);
                  }}
                  multiline
                  rows={4}
                  isRequired={required}
                  error={missing ? t('review.commentRequired') : serverField}
                />
                <div className="actions">
                  <Button className="btn" onPress={close}>
                    {t('action.cancel')}
                  </Button>
                  <Button type="submit" className={danger ? 'btn btn-danger' : 'btn btn-primary'} isDisabled={busy}>
                    {confirmLabel}
                  </Button>
                </div>
              </form>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
