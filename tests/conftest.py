from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Shared, noisy machines: no per-example deadline; CI runs the default number of examples.
settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("thorough", parent=settings.get_profile("default"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
