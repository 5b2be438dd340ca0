"""MCPD import and export: the upload page, the report, export links and the CLI commands.

Built on the pure ``germbank.mcpd`` package (reading, validating, writing files).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the pages, the ``problem_message`` filter and the ``import-mcpd`` /
    ``export-mcpd`` commands."""
    from flask_babel import lazy_gettext as _l

    from germbank.mcpd_import.cli import export_mcpd_command, import_mcpd_command
    from germbank.mcpd_import.messages import problem_message
    from germbank.mcpd_import.routes import bp
    from germbank.navigation import NavItem, add_nav_item

    app.register_blueprint(bp)
    app.add_template_filter(problem_message, "problem_message")
    app.cli.add_command(import_mcpd_command)
    app.cli.add_command(export_mcpd_command)
    add_nav_item(app, NavItem(_l("MCPD import"), "mcpd_import.upload", "accessions.write",
                              order=15))
