"""The counter window's store work by area of the window (intake, cases, documents, hall
supervision, …): the parts ``ui.core_facade.Workstation`` is composed of."""
