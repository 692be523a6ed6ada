"""Client side of the central platform: wire schema, signed HTTP transport, outbox push, change-feed pull, scheduling. No Qt."""
