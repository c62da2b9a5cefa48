"""The data file: TOML in and out, validation, atomic saves, the lock and backups."""
