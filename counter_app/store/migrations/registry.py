"""Every migration of the local store, in the order it runs (``sqlite_utils.Migrations``).

Rules every table follows:
- personal data (ID number, phone, address, photo, and any payload that contains them) is
  stored only as AEAD ciphertext (``*_enc`` BLOB columns); lookups go through keyed blind
  indexes (``*_index``); screens and paper use the stored masked form (``*_masked``);
- timestamps are ISO 8601 UTC text with a ``Z`` suffix, dates are ``YYYY-MM-DD``;
- a new migration is a new function, named with the next number, in the module of this
  package for what it builds (or a new one), registered at the end below. Every store
  records the name of each migration it ran (the function's name, or the ``name`` given):
  a released migration is never renamed, edited, or moved.
"""

from __future__ import annotations

from sqlite_utils import Migrations

from counter_app.store.migrations import (
    approval_decisions,
    bundles,
    case_records,
    cases,
    catalog_ahead,
    foundation,
    hall,
    hall_bundles,
    held_progress,
    item_definitions,
    name_forms,
    organisation_codes,
    password_history,
    payment_confirmations,
    phones,
    registers,
    replaced_audit,
)

MIGRATIONS = Migrations("counter_app")

# The migrations the store opening (counter_app.store.database) and the tests name.
KEYED_CHAIN_MIGRATION = "m0005_audit_chain_keyed"
DOCUMENT_SEQUENCE_MIGRATION = "m0007_document_serial_sequence"
NAME_INDEX_MIGRATION = "m0010_name_index"
OUTBOX_VERSION_MIGRATION = "m0015_i11accept_outbox_references_version"
APPLICANT_FOLD_MIGRATION = "m0029_applicantfold_applicant_in_case_row"
PHONE_FORM_MIGRATION = "m0038_phone_canonical_form"
ATTEMPTS_FOLD_MIGRATION = "m0039_sync_attempts_folded"
BUNDLES_MIGRATION = "m0040_bundles"
PLATFORM_CONFIRMED_MIGRATION = "m0042_platform_confirmed_in_payment_row"
NAME_REFOLD_MIGRATION = "m0044_name_index_refolded"
ORGANISATION_CODES_MIGRATION = "m0046_organisation_codes_shown"

MIGRATIONS()(foundation.m0001_foundation)
MIGRATIONS()(cases.m0002_domain_intake)
MIGRATIONS()(cases.m0003_domain_case_list_indexes)
MIGRATIONS()(registers.m0004_sync_outbox_due)
MIGRATIONS(name=KEYED_CHAIN_MIGRATION)(registers.m0005_audit_chain_keyed)
MIGRATIONS()(cases.m0006_identity_source)
MIGRATIONS(name=DOCUMENT_SEQUENCE_MIGRATION)(registers.m0007_document_serial_sequence)
MIGRATIONS()(cases.m0008_drop_prefix_indexes)
MIGRATIONS()(cases.m0009_redirect_to)
MIGRATIONS(name=NAME_INDEX_MIGRATION)(cases.m0010_name_index)
MIGRATIONS()(case_records.m0011_i12fees_case_payments)
MIGRATIONS()(hall.m0012_i13queue_hall_queue)
MIGRATIONS()(case_records.m0013_i12delivery_case_deliveries)
MIGRATIONS()(registers.m0014_i13eod_day_sign_offs)
MIGRATIONS(name=OUTBOX_VERSION_MIGRATION)(registers.m0015_i11accept_outbox_references_version)
MIGRATIONS()(case_records.m0016_i13rating_ratings_and_followups)
MIGRATIONS()(hall.m0017_i13notices_notice_reads)
MIGRATIONS()(cases.m0018_i13stats_service_times)
MIGRATIONS()(hall.m0019_i15staff_users_from_platform)
MIGRATIONS()(hall.m0020_i13approvals_approval_requests)
MIGRATIONS()(hall.m0021_i14preapp_arrivals)
MIGRATIONS()(case_records.m0022_i14track_online_ratings)
MIGRATIONS()(hall.m0023_i13misc_hall_queue_fees)
MIGRATIONS()(case_records.m0024_i14elicence_elicence_checks)
MIGRATIONS()(hall.m0025_i13problems_instructions)
MIGRATIONS()(hall.m0026_i14tickets_window_tickets)
MIGRATIONS()(hall.m0027_i15lock_lockouts)
MIGRATIONS()(case_records.m0028_i14elic_elicence_documents)
MIGRATIONS(name=APPLICANT_FOLD_MIGRATION)(cases.m0029_applicantfold_applicant_in_case_row)
MIGRATIONS()(cases.m0030_dayscan_clerk_items)
MIGRATIONS()(hall.m0031_notice_publisher)
MIGRATIONS()(hall.m0032_own_password_users_must_change)
MIGRATIONS()(hall.m0033_second_factor_users)
MIGRATIONS()(hall.m0034_users_last_sign_in)
MIGRATIONS()(case_records.m0035_online_ratings_at)
MIGRATIONS()(hall.m0036_hall_queue_decisions)
MIGRATIONS()(hall.m0037_enrolment_in_meta)
MIGRATIONS(name=PHONE_FORM_MIGRATION)(phones.m0038_phone_canonical_form)
MIGRATIONS(name=ATTEMPTS_FOLD_MIGRATION)(registers.m0039_sync_attempts_folded)
MIGRATIONS(name=BUNDLES_MIGRATION)(bundles.m0040_bundles)
MIGRATIONS()(hall_bundles.m0041_hall_queue_bundles)
MIGRATIONS(name=PLATFORM_CONFIRMED_MIGRATION)(
    payment_confirmations.m0042_platform_confirmed_in_payment_row
)
MIGRATIONS()(item_definitions.m0043_item_definitions_shared)
MIGRATIONS(name=NAME_REFOLD_MIGRATION)(name_forms.m0044_name_index_refolded)
MIGRATIONS()(case_records.m0045_appeals_wait_for_the_platform)
MIGRATIONS(name=ORGANISATION_CODES_MIGRATION)(organisation_codes.m0046_organisation_codes_shown)
MIGRATIONS()(replaced_audit.m0047_audit_log_replaced)
MIGRATIONS()(password_history.m0048_password_history)
MIGRATIONS()(approval_decisions.m0049_approval_decisions_learnt_at_sync)
MIGRATIONS()(catalog_ahead.m0050_catalog_versions_ahead)
MIGRATIONS()(held_progress.m0051_held_progress)
