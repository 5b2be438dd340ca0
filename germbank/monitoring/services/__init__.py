"""Monitoring's domain logic, called by its views, its CLI and the MQTT subscriber.

Services add and flush; the caller (a view, a CLI command, an ingest batch) commits.
"""
