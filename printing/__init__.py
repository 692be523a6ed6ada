"""Documents the counter issues (reportlab, no Qt): model, texts, fonts, geometry, styles, codes,
pages, a copy's blocks and render; the case adapter, archive, dispatch, service, CLI and doctor."""
