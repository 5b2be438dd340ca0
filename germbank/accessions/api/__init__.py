"""The accessions JSON API under ``/api/v1`` (flask-smorest + marshmallow).

Read needs ``read`` (every signed-in role); writes need ``accessions.write`` (admin,
agronomist). The views are thin: they load, call :mod:`germbank.accessions.services`,
commit, and answer; a service refusal is 422 (per-field ``errors``) or 409.
"""

from __future__ import annotations

from flask import Flask


def register_api(app: Flask) -> None:
    """Register every accessions API blueprint on the app's flask-smorest Api."""
    from germbank.accessions.api import accessions, locations, lots, records
    from germbank.extensions import api

    for blueprint in (accessions.blp, lots.blp, locations.blp, records.tests_blp,
                      records.observations_blp, records.due_blp):
        api.register_blueprint(blueprint)
