"""The local store's migrations (``sqlite_utils.Migrations``): one module per part of the schema
they build, and ``registry`` with every migration in the order it runs."""
