"""Construction project management for the germplasm bank being built at Shijihu.

The pure arithmetic (schedule, budget) and the SVG charts live in their own modules so they can be
tested and reused without a database; the Flask wiring is added by ``init_app``.
"""
