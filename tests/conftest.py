"""Shared test settings."""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("default", max_examples=150, deadline=None)
settings.load_profile("default")
