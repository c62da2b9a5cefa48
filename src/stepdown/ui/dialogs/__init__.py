"""Dialogs: the forms and questions shown over a screen, each a ModalScreen that
dismisses with its answer. Their common frame is in `base`."""
