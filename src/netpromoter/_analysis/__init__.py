"""Stage 5, the public verbs: one module per verb, with its report types.

Imports from any earlier stage, never a sibling verb's private helper.
"""
