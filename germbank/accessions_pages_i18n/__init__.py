"""Chinese catalogue of the accession pages, apart from the accessions core catalogue."""
