// A moderator's decision on one message: hide (through the network), allow (leave it), restore
// (reverse a hide, also on the network). Each opens a dialog that asks for the reason (required,
// kept with the decision); the dialog stays open and says why when the server refuses.
import { useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { ApiError, type Decision, decideModeration, type ModerationAction } from '../../api';
import { type Translate, useT } from '../../i18n/useT';
import { TextInput } from '../fields';
import { ProblemAlert } from '../ProblemAlert';

/** What a moderator may do on a message in each moderation state. */
export function actionsFor(state: string): ModerationAction[] {
  switch (state) {
    case 'hidden':
      return ['restore'];
    case 'allowed':
    case 'none':
      return ['hide'];
    default:
      return ['hide', 'allow'];
  }
}

function texts(t: Translate, a: ModerationAction) {
  switch (a) {
    case 'hide':
      return { button: t('moderate.hide'), title: t('moderate.hideTitle'), help: t('moderate.hideHelp'), confirm: t('moderate.hideConfirm') };
    case 'allow':
      return { button: t('moderate.allow'), title: t('moderate.allowTitle'), help: t('moderate.allowHelp'), confirm: t('moderate.allowConfirm') };
    case 'restore':
      return { button: t('moderate.restore'), title: t('moderate.restoreTitle'), help: t('moderate.restoreHelp'), confirm: t('moderate.restoreConfirm') };
  }
}

function DecideButton({ itemId, action, context, onDecided }: { itemId: number; action: ModerationAction; context: string; onDecided: (d: Decision) => void }) {
  const t = useT();
  const x = texts(t, action);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const serverField = error instanceof ApiError ? error.fieldErrors().reason : undefined;
  const submit = async () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const d = await decideModeration(itemId, action, reason.trim());
      setOpen(false);
      onDecided(d);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <DialogTrigger
      isOpen={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          setReason('');
          setMissing(false);
          setError(null);
        }
      }}
    >
      <Button className={action === 'hide' ? 'btn btn-danger' : 'btn'} data-action={action}>
        {x.button}
        {context && <span className="sr-only"> — {context}</span>}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <form
                noValidate
                onSubmit={(e) => {
                  e.preventDefault();
                  void submit();
                }}
              >
                <Heading slot="title" className="dialog-title">
                  {x.title}
                </Heading>
                <p>{x.help}</p>
                {error != null && !serverField && <ProblemAlert error={error} autoFocus />}
                <TextInput
                  label={t('moderate.reason')}
                  name="reason"
                  value={reason}
                  onChange={(v) => {
                    setReason(v);
                    setMissing(false);
                  }}
                  multiline
                  rows={3}
                  isRequired
                  description={t('moderate.reasonHelp')}
                  error={missing ? t('moderate.reasonRequired') : serverField}
                />
                <div className="actions">
                  <Button className="btn" onPress={close}>
                    {t('action.cancel')}
                  </Button>
                  <Button type="submit" className={action === 'hide' ? 'btn btn-danger' : 'btn btn-primary'} isDisabled={busy}>
                    {x.confirm}
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

export function ModerationActions({ itemId, state, context, onDecided }: { itemId: number; state: string; context: string; onDecided: (d: Decision) => void }) {
  return (
    <div className="actions moderation-actions">
      {actionsFor(state).map((a) => (
        <DecideButton key={a} itemId={itemId} action={a} context={context} onDecided={onDecided} />
      ))}
    </div>
  );
}
