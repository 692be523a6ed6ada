"""The platform's HTTP routes: one ``APIRouter`` per area of the API (sync-protocol.md),
each built by ``routes(platform)``; ``central.app`` includes them in the document's order."""
