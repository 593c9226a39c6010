"""Stage 3, array-in / array-out maths on counts: intervals, tests, kernels, corrections.

Works on (k, 3) arrays of counts; never sees rows. Imports only from ``_input`` and ``_counts``.
"""
