"""``/api/v1/me``: lets a script check which person and role its token acts as."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from germbank.auth.access import signed_in

blp = Blueprint("me", __name__, url_prefix="/api/v1/me", description="The calling person.")


class MeSchema(ma.Schema):
    """The person a request acts as."""

    id = ma.fields.Integer()
    username = ma.fields.String()
    full_name = ma.fields.String()
    role = ma.fields.String()
    locale = ma.fields.String(allow_none=True)


@blp.route("")
class Me(MethodView):
    """The calling person."""

    @signed_in
    @blp.response(200, MeSchema)
    def get(self):
        """Who am I?"""
        return current_user
