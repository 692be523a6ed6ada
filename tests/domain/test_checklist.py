from datetime import date

from counter_app.domain.catalog import MaterialForm, MaterialRequirement, Situation
from counter_app.domain.checklist import MaterialStatus, ShortfallKind, SubmittedMaterial, assess

ORIG, COPY = MaterialForm.ORIGINAL, MaterialForm.COPY


def req(code, *, required=True, core=False, forms=(ORIG,), count=1, elic=None, commit=False):
    return MaterialRequirement(
        code, f"材料{code}", required, core, forms, count, elic, None, commit, f"标准{code}"
    )


SITUATION = Situation(
    "S01",
    "一般情形",
    (
        req("ID", core=True, elic="居民身份证电子证照"),
        req("FORM", core=True, forms=(ORIG, MaterialForm.ELECTRONIC)),
        req("LEASE", forms=(ORIG, COPY), count=2, commit=True),
        req("BANK"),
        req("EXTRA", required=False),
    ),
)


def mark(code, status=MaterialStatus.RECEIVED, form=ORIG, count=1, **kw):
    return SubmittedMaterial(
        code, status, form if status == MaterialStatus.RECEIVED else None, count, **kw
    )


def test_complete_checklist_has_nothing_to_report():
    checklist = assess(SITUATION, [mark("ID"), mark("FORM"), mark("LEASE", count=2), mark("BANK")])
    assert checklist.problems_for_accept() == []
    assert [line.mark.status for line in checklist.lines][
        -1
    ] == MaterialStatus.MISSING  # optional EXTRA


def test_every_problem_is_reported_at_once_with_its_field():
    checklist = assess(
        SITUATION,
        [
            mark("ID", MaterialStatus.EXEMPT),  # fine: e-licence exists
            mark("FORM", form=COPY),  # copy not accepted
            mark("LEASE", count=1),  # two needed
            mark("BANK", MaterialStatus.COMMITMENT),  # no commitment allowed
            mark("NOPE"),  # not in this situation
        ],
    )
    fields = sorted(p.field for p in checklist.problems_for_accept())
    assert fields == ["materials[1]", "materials[2]", "materials[3].status", "materials[4].code"]
    assert checklist.lines[0].mark.exemption is None  # a basis is found, never made up


def test_notice_lists_exactly_the_missing_and_nonconforming_required_materials():
    checklist = assess(
        SITUATION,
        [
            mark("ID"),
            mark("FORM", form=COPY),
            mark("BANK", MaterialStatus.NONCONFORMING, note="非本人"),
        ],
    )
    kinds = {(s.line.requirement.code, s.kind) for s in checklist.shortfalls}
    assert kinds == {
        ("FORM", ShortfallKind.WRONG_FORM),
        ("LEASE", ShortfallKind.MISSING),
        ("BANK", ShortfallKind.NONCONFORMING),
    }
    assert checklist.problems_for_notice() == []
    zh, en = next(
        s for s in checklist.shortfalls if s.kind == ShortfallKind.NONCONFORMING
    ).describe()
    assert "非本人" in zh and "非本人" in en
    complete = assess(SITUATION, [mark("ID"), mark("FORM"), mark("LEASE", count=2), mark("BANK")])
    assert [p.field for p in complete.problems_for_notice()] == ["materials"]


def test_deferral_only_for_non_core_and_within_the_promised_date():
    promised, today = date(2026, 12, 11), date(2026, 11, 27)
    ok = assess(
        SITUATION, [mark("ID"), mark("FORM"), mark("LEASE", MaterialStatus.DEFERRED), mark("BANK")]
    )
    assert ok.problems_for_deferred(promised, today) == []
    assert ok.with_default_deadlines(promised).deferred[0].mark.deadline == promised
    core = assess(
        SITUATION,
        [mark("ID", MaterialStatus.DEFERRED), mark("FORM"), mark("LEASE", count=2), mark("BANK")],
    )
    assert [p.field for p in core.problems_for_deferred(promised, today)] == ["materials[0].status"]
    late = assess(
        SITUATION,
        [
            mark("ID"),
            mark("FORM"),
            mark("LEASE", MaterialStatus.DEFERRED, deadline=date(2026, 12, 14)),
            mark("BANK"),
        ],
    )
    assert [p.field for p in late.problems_for_deferred(promised, today)] == [
        "materials[2].deadline"
    ]
    nothing = assess(SITUATION, [mark("ID"), mark("FORM"), mark("LEASE", count=2), mark("BANK")])
    assert [p.field for p in nothing.problems_for_deferred(promised, today)] == ["materials"]
    # A plain acceptance refuses deferred materials: 容缺 needs its own decision.
    assert [p.field for p in ok.problems_for_accept()] == ["materials[2]"]
