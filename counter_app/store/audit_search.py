"""Reading the audit log back (``counter-app audit list``): who did what, when, to which case,
for an auditor or IT. 等保 and the Cybersecurity Law want operation logs kept (six months at
least) and reviewable; the hash chain (``counter_app.store.audit``) shows they are intact,
this finds the entries that answer a question: the newest matching ones, in order. About one
person too (PIPL: who looked at this person's data), by the blind index of their ID number or
phone, never the number itself: the searches for them and the lookups of their e-licences
(``person.searched``, ``elicence.looked_up``, by the subject those entries carry) and the
entries about their cases. The entries a restore replaced (kept
in ``audit_log_replaced``) are found too, each marked with the restore that replaced it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from counter_app.errors import ValidationError
from counter_app.store.audit import RESTORE_ACTION
from counter_app.store.database import Store
from counter_app.store.timestamps import day_bounds

# How many hex digits of a key's blind index a ``person.searched`` entry names the person by:
# enough to tell the hall's people apart, too few to stand for the index itself.
SUBJECT_HEX = 16
PERSON_SEARCHED = "person.searched"
# A lookup of a person's e-licences (PIPL: an access to their data), whatever case follows;
# it names the holder as a search does.
ELICENCE_LOOKED_UP = "elicence.looked_up"
# The column of ``cases`` holding each kind of key's blind index.
_INDEX_COLUMNS = {"id_number": "id_number_index", "phone": "phone_index", "name": "name_index"}


# Every entry: this log's, and those restores replaced (``replaced_by_restore``: the seq of
# the restore's entry, in this log, else in a log replaced since; 0: not found), each run placed just
# before the restore that replaced it (``place``, then ``part``).
_ENTRIES = """
    WITH restores AS (
        SELECT json_extract(detail, '$.replaced_log.restore_id') AS restore_id, seq, 1 AS live
        FROM audit_log WHERE action = ?
        UNION ALL
        SELECT json_extract(detail, '$.replaced_log.restore_id'), seq, 0
        FROM audit_log_replaced WHERE action = ?
    ),
    restore_seqs AS (
        -- max(live): the seq of this log's entry when there is one.
        SELECT restore_id, seq, max(live) FROM restores GROUP BY restore_id
    ),
    entries AS (
        SELECT seq, at, actor, hall_code, window_code, action, target, detail,
            NULL AS replaced_by_restore, seq AS place, 1 AS part
        FROM audit_log
        UNION ALL
        SELECT r.seq, r.at, r.actor, r.hall_code, r.window_code, r.action, r.target, r.detail,
            coalesce(s.seq, 0), coalesce(s.seq, 0), 0
        FROM audit_log_replaced r LEFT JOIN restore_seqs s ON s.restore_id = r.restore_id
    )
"""


@dataclass(frozen=True)
class PersonKey:
    """A person as the store finds their cases: the kind of key (``id_number``, ``phone``,
    ``name``) and the store's blind index of it (``PiiCipher.blind_index``)."""

    kind: str
    index: str

    @property
    def subject(self) -> str:
        """Whom an audit entry names: a prefix of the index, never the key."""
        return self.index[:SUBJECT_HEX]


@dataclass(frozen=True)
class AuditQuery:
    """What to look for; every part given narrows it. Days are the hall's, both included."""

    since: date | None = None
    until: date | None = None
    actor: str | None = None
    # An action or its family: ``login`` finds ``login.success`` and ``login.failure`` too.
    action: str | None = None
    target: str | None = None
    person: PersonKey | None = None
    limit: int = 100


@dataclass(frozen=True)
class AuditPage:
    # Oldest first; ``case_no`` beside the target when the target is a case of this store;
    # ``replaced_by_restore``: the seq of the restore that replaced the entry (None: in the log;
    # 0: the restore's own entry is not found, which ``audit verify`` reports).
    entries: list[dict[str, Any]]
    earlier: int  # matching entries older than the first shown (left out by the limit)


# Families whose entries another family's name covers too: an approval given at the clerk's
# screen is ``approval.*``, one given from the supervisors' inbox ``approval_request.*``; the
# docs (operations §9) send an auditor to ``--action approval`` for both.
_FAMILY_ALSO: dict[str, tuple[str, ...]] = {"approval": ("approval_request",)}


def search_audit(store: Store, query: AuditQuery) -> AuditPage:
    """The newest ``query.limit`` entries matching ``query``, oldest first, and how many
    older ones match too; ``ValidationError`` for days the wrong way round."""
    if query.since is not None and query.until is not None and query.since > query.until:
        raise ValidationError(
            f"开始日期 {query.since} 晚于结束日期 {query.until}：请交换两个日期。",
            f"The first day {query.since} is after the last day {query.until}: swap them.",
            field="since",
        )
    where, params = _conditions(query)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    # ``matching`` counts every entry the conditions match, before the limit cuts the page.
    rows = store.db.execute(
        f"{_ENTRIES} SELECT a.seq, a.at, a.actor, a.hall_code, a.window_code, a.action,"  # noqa: S608 - fixed clauses
        " a.target, a.detail, a.replaced_by_restore, c.case_no, count(*) OVER () AS matching"
        " FROM entries a LEFT JOIN cases c ON c.case_id = a.target"
        f"{clause} ORDER BY a.place DESC, a.part DESC, a.seq DESC LIMIT ?",
        (RESTORE_ACTION, RESTORE_ACTION, *params, query.limit),
    )
    columns = [c[0] for c in rows.description][:-1]
    found = rows.fetchall()
    matching = found[0][-1] if found else 0
    entries = [dict(zip(columns, row[:-1], strict=True)) for row in reversed(found)]
    return AuditPage(entries, matching - len(entries))


def _conditions(query: AuditQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if query.since is not None:
        where.append("a.at >= ?")
        params.append(day_bounds(query.since)[0])
    if query.until is not None:
        where.append("a.at < ?")
        params.append(day_bounds(query.until)[1])
    if query.actor is not None:
        where.append("a.actor = ?")
        params.append(query.actor)
    if query.action is not None:
        families = [query.action, *_FAMILY_ALSO.get(query.action, ())]
        where.append(
            "("
            + " OR ".join(["(a.action = ? OR substr(a.action, 1, ?) = ?)"] * len(families))
            + ")"
        )
        for family in families:
            params += [family, len(family) + 1, family + "."]
    if query.target is not None:
        where.append("a.target = ?")
        params.append(query.target)
    if query.person is not None:
        clause, person_params = _about_person(query.person)
        where.append(clause)
        params += person_params
    return where, params


def _about_person(person: PersonKey) -> tuple[str, list[Any]]:
    """The entries about ``person`` (an ID number's or a phone's key): those whose target
    is one of their cases, and the searches for them and lookups of their e-licences: by the
    key given, or by any ID number, phone or name one of their cases holds (a search by their
    name found them, whoever else it found). A case whose personal data was purged holds no index any more:
    its entries are not found by the person, their searches still are."""
    theirs = f"FROM cases WHERE {_INDEX_COLUMNS[person.kind]} = ?"
    searched = " UNION ".join(
        f"SELECT '{kind}:' || substr({column}, 1, {SUBJECT_HEX}) {theirs} AND {column} != ''"
        for kind, column in _INDEX_COLUMNS.items()
    )
    clause = (
        f"(a.target IN (SELECT case_id {theirs}) OR (a.action IN (?, ?) AND"
        " json_extract(a.detail, '$.searched_by') || ':' || json_extract(a.detail, '$.subject')"
        f" IN (SELECT ? UNION {searched})))"
    )
    given = f"{person.kind}:{person.subject}"
    return clause, [
        person.index,
        PERSON_SEARCHED,
        ELICENCE_LOOKED_UP,
        given,
        *[person.index] * len(_INDEX_COLUMNS),
    ]
