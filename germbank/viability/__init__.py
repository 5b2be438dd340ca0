"""Seed viability forecasting (issue 9): the Ellis–Roberts equation over real storage climate.

A pure package: no Flask, no database. Callers hand in a lot's stays and hourly climate as
plain objects or numpy arrays and get back forecasts, calibrations, plans and what-ifs.
See docs/viability.md for the science, the sources of every constant and the model's limits.
"""
