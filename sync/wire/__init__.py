"""The wire schema between a counter and the central platform, the ONE definition both ``sync``
and ``central`` import: a module per endpoint family (docs/sync-protocol.md), ``base`` shared."""
