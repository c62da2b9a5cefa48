"""Pure rules and types of the journal: no Textual, no files."""
