"""The counter's Qt-free core: domain model, local store, identity documents, services, CLI.

Nothing in this package imports Qt, ``ui``, ``sync`` or ``printing``.
"""

# The release, 0.<store>.<n> (docs/operations.md section 10), one number for all the package
# holds (the .deb, counter-app, counter-central, the health report a window sends):
# <store> is the number of the store's newest migration, so a release that migrates the
# store sorts above every release that cannot open it; <n> counts the releases on that
# store from 0, so a release without a migration still gets a number of its own. Raised
# for every release; tests/core/test_release_version.py fails when a migration comes
# without it. Every release before this numbering said 0.1.0, which sorts below them all.
__version__ = "0.51.0"
