"""Names the dead-code check (``vulture``, run by ``make test``; config in pyproject.toml)
must not report: each is used by a framework or by name, never by a Python call it can see.

Anything else vulture reports is dead: delete it, or move a test-only helper into tests/.
"""

from vulture.whitelist_utils import Whitelist

_ = Whitelist()

# FastAPI: route and exception handlers are registered by decorator.
_.push_cases
_.platform_error
_.validation_error
_.http_error
_.unexpected
_.arrivals_feed
_.preapp_consumed
_.preapp_form
_.preapp_view
_.case_platform_version
_.held_audit_head
_.day_sign_off
_.staff_lockout
_.staff_password
_.staff_second_factor
_.approval_request
_.track
_.lookup_elicences
_.fetch_elicence_document
_.ticket_action

# Entry points (pyproject.toml [project.entry-points]) and argparse sub-commands that
# sync/cli.py loads by module and function name (lazy_command).
_.reader_checks
_.printing_checks
_.sync_checks
_.run_sync
_.show_status
_.enroll_workstation
_.provision_workstation
_.list_notices
_.list_requests
_.resolve_case
_.list_tickets
_.requeue
_.support_bundle

# Qt virtual methods, called by Qt.
_.columnCount
_.headerData
_.eventFilter
_.sizeHint
_.minimumSizeHint
_.paintEvent
_.initStyleOption
_.textElideMode  # style option fields, read by Qt when it paints
_.features
# reportlab calls a page template's onPageEnd at the end of each page.
_.onPageEnd
# logging.Formatter calls formatTime for each record's time.
_.formatTime
# central/serve_cli.py's logging configuration names its filter class as text; the
# filter rewrites the record's message.
_.TrackTokenMask
_.msg

# pydantic: model configuration and wire fields the platform sends (read by name).
_.model_config
_.server_time
_.protocol
_.limits
_.key_algorithm
_._reason_given  # ReviewDraft: a model validator pydantic calls
_._read_document  # PlatformVersionAsRead: likewise
_.posted_at  # DeliveryPart: the posting's time, synced in the case document
_.handed_over_by  # HandoverPart: the clerk who handed the result over, synced
_.program_version  # DeviceHealthReport: kept as JSON, read by counter-central devices
_.disk_free_mib  # DeviceHealthReport: likewise
_.clock_offset_seconds  # DeviceHealthResult: the platform's answer, read by name
_.changed_at  # StaffAccount: the staff feed item's time of change, for a reader
_.exemption_kind  # MaterialLine: why a material is exempt (两个免于提交), synced
_.logged_at  # ElicenceAnswer: when the platform logged the lookup
# sync.wire.tickets.TicketVisit: a visit's steps and times, read through the JSON.
_.for_window
_.queued_at
_.called_at
_.closed_at
_.recalls
_.walk_seconds
_.service_seconds

# requests reads it.
_.trust_env
# urllib3 reads them: the connection class of a pool, the pool classes of a pool manager
# (sync.deadline).
_.ConnectionCls
_.pool_classes_by_scheme

# Enum members whose values arrive in data (calendar files, the service catalog).
_.HOLIDAY
_.PROMISED
_.HOUSEHOLD  # CityScope: "household" in the catalog's exempt_city_scope

# Record fields filled from table columns or parsed documents by name and read through
# dataclasses.asdict / JSON (the CLI's --json, the window's facade, sync status).
_.applicant_id_type
_.applicant_masked_phone
_.platform_ref
_.receipt_printed
_.updated_at
_.event_id
_.print_status
_.issued_by
_.preapps_reported  # SyncSummary: counter-app sync --once --json
_.lockouts_reported  # SyncSummary: counter-app sync --once --json
_.region_prefix
_.discarded
_.document_code
_.optional_data
_.statutory_date
_.licence
_.last_error_code
_.clock_skew_seconds
_.pulled_by_feed
_.deferrals_terminated
_.elicences_verified  # SyncSummary, read through asdict (sync --once --json)
# The end of day's decisions, counted by name (setattr) and read through asdict / JSON.
_.notified
_.voided
_.withdrawn

# The end of day's fee figures (WindowDay; DayWindowFigures on the wire), read by name
# (getattr over FEE_FIGURES and their ``_cents``) and through asdict / JSON.
_.fees_recorded_cents
_.fees_paid
_.fees_paid_cents
_.fees_unpaid
_.fees_unpaid_cents
_.fees_pos
_.fees_pos_cents
_.fees_platform
_.fees_platform_cents
_.fees_twice
_.fees_twice_cents
_.fees_refund
_.fees_refund_cents

# Case document fields (pydantic) that later versions carry and the platform reads from the
# synced JSON.
_.updated_by
_.withdrawal_reason
_.void_reason
_.voided_by
_.corrections
_.corrected_by
_.applicant_edits
_.edited_at
_.edited_by
_.online_evaluation  # the 一事一评 the platform sent back (i14track)
_.over_limit_approval  # intake builds it as JSON values; read from the synced JSON

# Row fields the store's writers bind to their INSERT by dataclass field order
# (counter_app/store/case_writes.py ``columns_of``), never by attribute name.
_.name_index
_.id_number_enc
_.id_number_index
_.id_number_masked
_.phone_index
_.phone_masked
_.content_enc

# Python references that keep a parented Qt object's wrapper (and its signal connections)
# alive while it is open.
_.training_tray
_.approval
_.applicant_edit
_.last_log
_.payment_dialog
_.password_dialog

# Core operations that only tests call today; the case-lifecycle and supervisor commands of
# the command-line contract (a later issue) reach them. Each line goes when its caller lands.
_.edit_case  # case correct
_.get_evaluation  # supervisor queue / eod
_.case_versions  # counter-central cases (platform side)
_.conflict_payload  # a supervisor's review of a conflict (docs/sync-protocol.md)
_.awaiting_approval  # IntakeDraft: a TypedDict key, read with draft.get("awaiting_approval")
_.copies  # MaterialRow: a named tuple field, bound to the INSERT by position
