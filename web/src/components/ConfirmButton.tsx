import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useT } from '../i18n/useT';

interface Props {
  label: string;
  /** Extra words for screen readers when the same label repeats (e.g. the row's name). */
  labelContext?: string;
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  isDisabled?: boolean;
  danger?: boolean;
  /** The button that closes the dialog without doing anything (default: "Cancel"). */
  cancelLabel?: string;
}

/** A button that asks for confirmation in a modal alert dialog before doing something. */
export function ConfirmButton({ label, labelContext, title, message, confirmLabel, onConfirm, isDisabled, danger = true, cancelLabel }: Props) {
  const t = useT();
  return (
    <DialogTrigger>
      <Button className={danger ? 'btn btn-danger' : 'btn'} isDisabled={isDisabled}>
        {label}
        {labelContext && <span className="sr-only"> — {labelContext}</span>}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title" className="dialog-title">
                  {title}
                </Heading>
                <p>{message}</p>
                <div className="actions">
                  <Button className="btn" onPress={close} autoFocus>
                    {cancelLabel ?? t('action.cancel')}
                  </Button>
                  <Button
                    className={danger ? 'btn btn-danger' : 'btn btn-primary'}
                    onPress={() => {
                      close();
                      void onConfirm();
                    }}
                  >
                    {confirmLabel}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
