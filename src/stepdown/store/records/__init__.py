"""Each record of the journal described once (description.py), in the kinds of value
it holds (kinds.py): reading the file, writing it and the cache's rows derive from it.

docs/records.md shows how to add a field.
"""
