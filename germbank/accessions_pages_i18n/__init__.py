"""Chinese catalogue of the accession pages (kept apart so the pages never edit the core catalogue)."""
