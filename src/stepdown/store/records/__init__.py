"""Each record of the journal described once (description.py), with the kinds of value
its fields hold (kinds.py) and its unknown keys in a cache row (unknown.py): reading
the file (document.py), writing it (tables.py) and the cache's rows (rows.py) derive
from them.

docs/records.md shows how to add a field.
"""
