"""Stage 1, raw input to clean numpy: scales, validation of data and options, labels, periods.

Imports nothing from the later stages (_counts, _stats, _results, _analysis).
"""
