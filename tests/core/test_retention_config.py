"""``[retention] personal_data_days``: a year by default, and never below the six months
the audit log is kept, refused with that reason in both languages."""

from __future__ import annotations

import pytest

from counter_app.config import load_config
from counter_app.errors import ConfigError
from counter_app.home import Home


def _home_with(home: Home, days: int) -> Home:
    home.config_path.write_text(
        home.config_path.read_text(encoding="utf-8")
        + f"\n[retention]\npersonal_data_days = {days}\n",
        encoding="utf-8",
    )
    return home


def test_personal_data_is_kept_a_year_unless_set(home: Home) -> None:
    assert load_config(home).retention.personal_data_days == 365
    assert load_config(_home_with(home, 180)).retention.personal_data_days == 180


def test_a_period_shorter_than_the_audit_log_s_is_refused_with_the_reason(home: Home) -> None:
    with pytest.raises(ConfigError) as refused:
        load_config(_home_with(home, 179))
    assert "retention.personal_data_days" in refused.value.zh
    assert "不小于 180（审计日志至少保存六个月" in refused.value.zh
    assert "at least 180 (the audit log is kept at least six months" in refused.value.en
