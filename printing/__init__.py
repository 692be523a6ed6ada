"""Documents the counter issues (reportlab, no Qt): model, texts, fonts, geometry, codes, pages,
render; the case adapter, archive, printer dispatch, issue/print service, CLI and doctor checks."""
