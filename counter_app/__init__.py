"""The counter's Qt-free core: domain model, local store, identity documents, services, CLI.

Nothing in this package imports Qt, ``ui``, ``sync`` or ``printing``.
"""

__version__ = "0.1.0"
