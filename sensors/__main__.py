"""`python -m sensors`: the ingest subscriber (same as `germbank sensors run`).

Settings come from the environment: GERMBANK_DATABASE_URL for the database and
GERMBANK_MQTT_URL and the other GERMBANK_MQTT_* variables for the broker (docs/mqtt.md).
"""

from __future__ import annotations

import logging
import sys


def main() -> int:
    """Build the app from the environment and run the subscriber until SIGTERM."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from germbank import create_app
    from sensors.config import SubscriberConfig
    from sensors.run import run_subscriber

    try:
        config = SubscriberConfig.from_env()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return run_subscriber(create_app(), config)


if __name__ == "__main__":
    sys.exit(main())
