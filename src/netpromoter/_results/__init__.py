"""Stage 4, results: the frozen value base (``to_dict`` / ``to_frame`` from fields) and values.

Imports only from the earlier stages.
"""
