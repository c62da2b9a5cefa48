"""The Textual app: its screens, widgets and styles."""
