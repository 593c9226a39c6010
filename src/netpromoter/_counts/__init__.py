"""Stage 2, the narrow waist: ``Counts`` and ``GroupedCounts``, the sufficient statistics.

Imports only from ``_input`` (and the public ``errors`` / ``typing`` modules).
"""
