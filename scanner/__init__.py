"""modeltrail: an inventory of hosted-LLM model identifiers in a repository.

The public API lives in :mod:`scanner.api`; this module stays import-light so that
``modeltrail --version`` and pre-commit runs start fast.
"""

__version__ = "0.1.0"
