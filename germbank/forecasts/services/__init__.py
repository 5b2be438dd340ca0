"""Viability forecasting services: everything between the database and germbank.viability.

Views, the API, the CLI and other features call these; they add and flush, the caller commits.
"""
