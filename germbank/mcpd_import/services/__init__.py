"""MCPD import and export services: validated rows into accessions, accessions into files."""
