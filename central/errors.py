"""Errors the platform answers with: an HTTP status plus the bilingual wire error body."""

from __future__ import annotations

from typing import Any


class PlatformError(Exception):
    """Anything the platform refuses; becomes ``{"error": {...}}`` with ``status``."""

    status = 400
    code = "bad_request"
    retryable = False

    def __init__(
        self,
        zh: str,
        en: str,
        *,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{self.code}: {en}")
        self.zh = zh
        self.en = en
        self.details = details
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "code": self.code,
            "message_zh": self.zh,
            "message_en": self.en,
            "retryable": self.retryable,
        }
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}


class ValidationFailed(PlatformError):
    status = 422
    code = "validation_failed"


class BadJson(PlatformError):
    status = 400
    code = "bad_json"


class NotFound(PlatformError):
    """404 for a path the platform does not serve: a client takes ``not_found`` for a wrong
    platform address. A thing the device's hall does not hold is :class:`UnknownInHall`."""

    status = 404
    code = "not_found"


class MethodNotAllowed(PlatformError):
    status = 405
    code = "method_not_allowed"


class AuthFailed(PlatformError):
    """401: the request is not provably from an enrolled device. ``code`` says why."""

    status = 401

    def __init__(self, code: str, zh: str, en: str, **kwargs: Any) -> None:
        self.code = code
        super().__init__(zh, en, **kwargs)


class WrongHall(PlatformError):
    status = 403
    code = "wrong_hall"


class ConsentRequired(PlatformError):
    """403: an e-licence lookup without a valid authorisation of the holder."""

    status = 403
    code = "consent_required"


# Refusals of hostile or runaway clients (e-licence lookups, bodies, failed sign-ins).
class ServesNoItem(PlatformError):
    """403: an e-licence lookup whose ``serves`` names no item of the published catalog
    whose materials those licences replace."""

    status = 403
    code = "serves_no_item"


class HolderLimitReached(PlatformError):
    """429: the device looked up as many distinct holders this hour or day as any window
    could serve; not retried by itself (IT looks at it)."""

    status = 429
    code = "holder_limit"


class StaffLocked(PlatformError):
    """403: too many wrong passwords for the account at the platform; ``details`` say until
    when."""

    status = 403
    code = "account_locked"


class BodyTimeout(PlatformError):
    """408: the client stopped sending its body; the connection is closed."""

    status = 408
    code = "body_timeout"
    retryable = True


class UploadsBusy(PlatformError):
    """503: as many large bodies as the platform reads at once are being read."""

    status = 503
    code = "uploads_busy"
    retryable = True


class NoticeIdTaken(PlatformError):
    """409: a notice id already names another notice (a device's drafts choose their ids)."""

    status = 409
    code = "notice_id_taken"


class ApprovalRequestIdTaken(PlatformError):
    """409: an approval request id already names another request (devices choose the ids)."""

    status = 409
    code = "approval_request_id_taken"


class ApprovalAlreadyDecided(PlatformError):
    """409: the approval request was approved, refused or cancelled already; decided once."""

    status = 409
    code = "already_decided"


class OwnApproval(PlatformError):
    """403: the clerk who asked may not approve or refuse their own request (four eyes)."""

    status = 403
    code = "four_eyes"


class ApprovalExpired(PlatformError):
    """409: the approval request's hall day ended while it was pending; decided never."""

    status = 409
    code = "approval_expired"


class TooManyOpenApprovals(PlatformError):
    """409: the window has as many approval requests pending as it may
    (``central.store.approval_requests.OPEN_PER_WINDOW``)."""

    status = 409
    code = "too_many_open_requests"


class WrongPassword(PlatformError):
    """403: the current password typed with a new one does not match the staff register."""

    status = 403
    code = "wrong_password"


class WeakPassword(PlatformError):
    """422: a new password the password rule refuses (length, character classes, name)."""

    status = 422
    code = "weak_password"


class WrongCode(PlatformError):
    """422: the one-time code sent to set up a secret is not one of that secret's codes now."""

    status = 422
    code = "wrong_code"


class SecondFactorExists(PlatformError):
    """409: the account has one-time codes set up already. Only the operator's ``staff
    reset-code`` lets them be set up again: a password alone (which may be known to someone
    else) must never replace the second factor."""

    status = 409
    code = "second_factor_exists"


class UnknownInHall(PlatformError):
    """404: the device's hall holds no such case, instruction, appointment, pre-application,
    ticket or approval request (nor does the device learn of other halls'). A code of its
    own per kind (``unknown_case``, ``unknown_appointment`` ...): ``not_found`` means "no such
    endpoint" to a client, which then doubts it talks to the platform at all."""

    status = 404

    def __init__(self, code: str, zh: str, en: str) -> None:
        self.code = code
        super().__init__(zh, en)


class InstructionIdTaken(PlatformError):
    """409: an instruction id already names another instruction (the issuing device chose it)."""

    status = 409
    code = "instruction_id_taken"


class ReviewIdTaken(PlatformError):
    """409: a review id already names another review (the reviewing device chose it)."""

    status = 409
    code = "review_id_taken"


# Refusals of what a window says its staff did (approvals, reviews, instructions).
class UnknownStaff(PlatformError):
    """403: the request names as the one who acted an account the hall's staff register
    does not hold in use (never added there, or disabled)."""

    status = 403
    code = "unknown_staff"


class NotASupervisor(PlatformError):
    """403: the request names as the supervisor who acted an account of the hall whose role
    is not supervisor or admin."""

    status = 403
    code = "not_a_supervisor"


class OwnCaseReview(PlatformError):
    """403: a review of a case by the clerk who wrote the version reviewed (four eyes)."""

    status = 403
    code = "own_case_review"


class ReviewedAtOutOfRange(PlatformError):
    """409: a review dated before the version it reviews was written or later than the
    platform's clock, beyond the clock skew allowed a device."""

    status = 409
    code = "reviewed_at_out_of_range"


class NotTheCaseOwner(PlatformError):
    """403: only the device that owns a case may answer an instruction about it."""

    status = 403
    code = "not_case_owner"


class EnrollCodeRefused(PlatformError):
    """The one-time enrolment code is unknown (404), used (409), expired (410), or made for
    one of the platform's own staff registers, which are no halls (403)."""

    def __init__(self, code: str, status: int, zh: str, en: str) -> None:
        self.code = code
        self.status = status
        super().__init__(zh, en)


class NumberPrefixTaken(PlatformError):
    """409: an enrolment states a case-number prefix another live device holds."""

    status = 409
    code = "number_prefix_taken"


class BadPublicKey(PlatformError):
    status = 400
    code = "bad_public_key"


class DeviceCloned(PlatformError):
    """409: two PCs speak as one device (a home copied and started): the platform takes
    nothing more from it until IT revokes it (``central.store.cloned_devices``)."""

    status = 409
    code = "device_cloned"


class TooLarge(PlatformError):
    status = 413

    def __init__(self, code: str, zh: str, en: str, **kwargs: Any) -> None:
        self.code = code
        super().__init__(zh, en, **kwargs)


class BadCursor(PlatformError):
    status = 400
    code = "bad_cursor"


class CursorAhead(PlatformError):
    """409: a validly signed feed cursor past the feed's end: the store was put back to a
    backup without ``counter-central restored`` (``central.store.feed_ends``)."""

    status = 409
    code = "cursor_ahead"


class RateLimited(PlatformError):
    status = 429
    code = "rate_limited"
    retryable = True


class StoreUnavailable(PlatformError):
    status = 503
    code = "store_unavailable"
    retryable = True


class StoreRefusedConnection(StoreUnavailable):
    """The database server answered but refused the store's address: no such database, no
    such role, or its password refused. To a window it is one more outage it retries; the
    operator reads what to correct in the address (``--db``) instead of "busy"."""


class OperatorError(Exception):
    """A CLI operator mistake (bad file, unknown case, illegal progress step): zh + en.
    ``code``: a stable name of the refusal a program acts on (a booking's ``slot_full``,
    ``off_grid`` ...); None where only people read it."""

    def __init__(self, zh: str, en: str, *, code: str | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
        self.code = code


class PreappConsumedElsewhere(PlatformError):
    """409: a window reports a pre-application consumed that another case consumed."""

    status = 409
    code = "preapp_consumed_elsewhere"


class PreappExists(PlatformError):
    """409: the applicant already has an open pre-application for the item; ``details``
    name it (``preapp_id``), which stands instead of a second one."""

    status = 409
    code = "preapp_exists"


class LockoutIdTaken(PlatformError):
    """409: a lockout id already names a lockout another device reported (the reporting
    device chooses the id)."""

    status = 409
    code = "lockout_id_taken"


class SignOffIdTaken(PlatformError):
    """409: a sign-off id already names another device's end-of-day sign-off (the signing
    device chooses the id)."""

    status = 409
    code = "sign_off_id_taken"
