"""N-gram search for the report site (issue 4): MkDocs hook, worker, test helpers."""
