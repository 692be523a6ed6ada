"""Layered configuration: order of layers, errors that name file/key/expectation, fuzzing."""

from __future__ import annotations

import re
import typing
from dataclasses import fields
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app import config as module
from counter_app.config import Config, load_config, refuse_simulator_outside_training
from counter_app.errors import ConfigError
from counter_app.home import Home, resolve_home


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_a_production_window_with_a_persisted_device_id(tmp_path: Path) -> None:
    # No platform configured is no longer a training hall: the window asks IT to enrol it.
    home = Home(tmp_path / "fresh")
    config = load_config(home)
    assert not config.is_training and not config.hall.training
    assert config.reader.spec == "auto"
    assert config.hall.hall_code == "310104-TRAIN"
    assert config.store.cipher == "sm4-gcm" and config.store.blind_index == "hmac-sm3"
    assert config.sync.hard_stop_days == 0 and config.sync.hard_stop_cases == 0
    assert re.fullmatch(r"[0-9A-F]{8}", config.hall.device_id)
    assert load_config(home).hall.device_id == config.hall.device_id
    assert config.sources == ()
    assert not home.config_path.exists()  # nothing written behind the operator's back


def test_training_comes_from_the_home_never_from_a_file(home: Home, tmp_path: Path) -> None:
    env = {"COUNTER_APP__HALL__TRAINING": "true"}
    with pytest.raises(ConfigError) as refused:
        load_config(home, env=env)
    assert refused.value.field == "hall.training"
    assert "COUNTER_APP__HALL__TRAINING" in refused.value.en and "--training" in refused.value.en
    _write(home.config_path, "[hall]\ntraining = true\n")
    with pytest.raises(ConfigError, match="counter-app-gui --training"):
        load_config(home)

    training = Home(tmp_path / "training").claim(training=True)
    config = load_config(training)
    assert config.is_training and config.reader.spec == "sim"
    _write(training.config_path, '[reader]\nspec = "pcsc"\n')
    assert load_config(training).reader.spec == "pcsc"  # a named reader to practise with
    with pytest.raises(ConfigError, match=r"hall\.training = false"):
        load_config(training, env={"COUNTER_APP__HALL__TRAINING": "false"})


def test_the_simulated_reader_is_refused_outside_the_training_hall(
    home: Home, tmp_path: Path
) -> None:
    refuse_simulator_outside_training(load_config(Home(tmp_path / "t").claim(training=True)))
    refuse_simulator_outside_training(load_config(home))  # auto, the default
    for spec in ("sim", "sim:passport"):
        with pytest.raises(ConfigError) as refused:
            refuse_simulator_outside_training(
                load_config(home, env={"COUNTER_APP__READER__SPEC": spec})
            )
        assert refused.value.field == "reader.spec" and "--training" in refused.value.en
        # It names where the setting can be, not a system file this machine may not have.
        assert "COUNTER_APP__READER__SPEC" in refused.value.zh
        assert "/etc/counter-app/config.toml" not in refused.value.zh


def test_a_configuration_error_names_its_origin_in_the_message_s_language(home: Home) -> None:
    with pytest.raises(ConfigError) as refused:
        load_config(home, env={"COUNTER_APP__SYNC__INTERVAL_SECONDS": "0"})
    assert refused.value.zh.startswith(
        "配置错误：环境变量 COUNTER_APP__SYNC__INTERVAL_SECONDS 中的"
    )
    assert "environment variable" not in refused.value.zh
    assert refused.value.en.startswith(
        "Configuration error in environment variable COUNTER_APP__SYNC__INTERVAL_SECONDS"
    )


def test_the_training_hall_has_a_home_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # platformdirs' default on Linux
    env = {"COUNTER_APP_HOME": str(tmp_path / "prod")}
    production = resolve_home(None, env)
    assert production.root == tmp_path / "prod"
    trainee = resolve_home(None, env, training=True)
    assert trainee.root != production.root and trainee.root.name == "counter-app-training"
    # A production home, once used, never becomes a training hall ...
    used = Home(tmp_path / "used").ensure()
    load_config(used)
    with pytest.raises(ConfigError) as refused:
        used.claim(training=True)
    assert refused.value.field == "home" and "production" in refused.value.en
    assert not used.is_training
    # ... and a training home never a production window.
    claimed = Home(tmp_path / "new").claim(training=True)
    assert claimed.is_training and claimed.claim(training=True) is claimed
    with pytest.raises(ConfigError, match="training hall's home"):
        claimed.claim(training=False)


def test_layers_apply_in_order_system_user_extra_environment(home: Home, tmp_path: Path) -> None:
    system = _write(
        tmp_path / "etc" / "config.toml",
        '[hall]\nhall_code = "SYSTEM"\nwindow_code = "S"\nhall_name = "S"\n[sync]\ninterval_seconds = 7\n',
    )
    _write(home.config_path, '[hall]\nhall_code = "USER"\nwindow_code = "U"\n')
    extra = _write(tmp_path / "extra.toml", '[hall]\nhall_code = "EXTRA"\n')
    env = {"COUNTER_APP_SYSTEM_CONFIG": str(system), "COUNTER_APP__HALL__HALL_CODE": "ENV"}

    config = load_config(home, extra, env=env)
    assert (config.hall.hall_code, config.hall.window_code, config.hall.hall_name) == (
        "ENV",
        "U",
        "S",
    )
    assert config.sync.interval_seconds == 7
    assert config.sources == (str(system), str(home.config_path), str(extra))
    assert (
        load_config(home, extra, env={"COUNTER_APP_SYSTEM_CONFIG": str(system)}).hall.hall_code
        == "EXTRA"
    )
    assert (
        load_config(home, env={"COUNTER_APP_SYSTEM_CONFIG": str(system)}).hall.hall_code == "USER"
    )
    home.config_path.unlink()
    assert (
        load_config(home, env={"COUNTER_APP_SYSTEM_CONFIG": str(system)}).hall.hall_code == "SYSTEM"
    )


def test_environment_values_are_typed(home: Home) -> None:
    config = load_config(
        home,
        env={
            "COUNTER_APP__SYNC__ALLOW_INSECURE_HTTP": "yes",
            "COUNTER_APP__SYNC__BATCH_MAX_CASES": " 42 ",
            "COUNTER_APP__UI__LANG": "en",
        },
    )
    assert config.sync.allow_insecure_http is True
    assert config.sync.batch_max_cases == 42
    assert config.ui.lang == "en"


def test_every_setting_has_a_type_the_loader_checks() -> None:
    """A new one-line setting must use a supported type, or the loader could not explain it."""
    for section in fields(Config):
        if section.name == "sources":
            continue
        section_type = typing.get_type_hints(Config)[section.name]
        for name, hint in typing.get_type_hints(section_type).items():
            assert typing.get_origin(hint) is typing.Literal or hint in module._TYPE_NAMES, (
                section.name,
                name,
            )


def test_home_resolution_order(tmp_path: Path) -> None:
    assert (
        resolve_home(str(tmp_path / "cli"), {"COUNTER_APP_HOME": str(tmp_path / "env")}).root
        == tmp_path / "cli"
    )
    assert resolve_home(None, {"COUNTER_APP_HOME": str(tmp_path / "env")}).root == tmp_path / "env"
    # Not the machine's /etc/counter-app (make package-test installs one with [home] path).
    no_system_file = {"COUNTER_APP_SYSTEM_CONFIG": str(tmp_path / "missing.toml")}
    assert resolve_home(None, no_system_file).root.name == "counter-app"


BAD_FILES = [
    ("[hall\nhall_code = 1", None, "TOML"),
    ("[nosuch]\nx = 1\n", "nosuch", "hall"),
    ('[hall]\nhall_colour = "red"\n', "hall.hall_colour", "hall_code"),
    ('[sync]\ninterval_seconds = "fast"\n', "sync.interval_seconds", "integer"),
    ("[sync]\ninterval_seconds = 0\n", "sync.interval_seconds", "at least 1"),
    ("[sync]\narrival_days = 61\n", "sync.arrival_days", "at most 60"),
    ('[sync]\nallow_insecure_http = "yes"\n', "sync.allow_insecure_http", "boolean"),
    ('[store]\ncipher = "des"\n', "store.cipher", '"sm4-gcm" | "aes-256-gcm"'),
    ("[ui]\nlang = 3\n", "ui.lang", '"zh" | "en"'),
    ('hall = "x"\n', "hall", "table"),
]


@pytest.mark.parametrize(("text", "key", "expected"), BAD_FILES)
def test_every_config_error_names_file_key_and_expectation(
    home: Home, text: str, key: str | None, expected: str
) -> None:
    _write(home.config_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(home)
    message = caught.value.en
    assert str(home.config_path) in message and str(home.config_path) in caught.value.zh
    assert expected in message
    if key is not None:
        assert key in message and caught.value.field == key


def test_environment_errors_name_the_variable(home: Home) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(home, env={"COUNTER_APP__SYNC__INTERVAL_SECONDS": "soon"})
    assert (
        "COUNTER_APP__SYNC__INTERVAL_SECONDS" in caught.value.en and "an integer" in caught.value.en
    )
    with pytest.raises(ConfigError) as caught:
        load_config(home, env={"COUNTER_APP__SYNC": "x"})
    assert "COUNTER_APP__SECTION__KEY" in caught.value.en


def test_missing_extra_file_and_non_utf8_are_config_errors(home: Home, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(home, tmp_path / "absent.toml")
    home.config_path.write_bytes(b'[hall]\nhall_name = "\xff\xfe"\n')
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(home)


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "expected"),
    [
        ("[hall\n", "en", "TOML", "Configuration error"),
        ('[sync]\nbatch_max_cases = "many"\n', "zh", "sync.batch_max_cases", "整数"),
    ],
)
def test_cli_reports_a_bad_config_without_a_traceback(
    run_cli, tmp_path: Path, text: str, lang: str, fragment: str, expected: str
) -> None:
    bad = _write(tmp_path / "bad.toml", text)
    result = run_cli("--config", str(bad), "--lang", lang, "doctor", timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert str(bad) in result.stderr and fragment in result.stderr and expected in result.stderr


_SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
)
_KEYS = st.sampled_from(
    [
        "hall_code",
        "window_code",
        "training",
        "cipher",
        "blind_index",
        "lang",
        "url",
        "interval_seconds",
        "spec",
        "nosuch",
        "retention_days",
    ]
)
_SECTIONS = st.sampled_from(
    ["hall", "store", "security", "ui", "sync", "reader", "printing", "bogus"]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    document=st.dictionaries(
        _SECTIONS, st.one_of(st.dictionaries(_KEYS, _SCALARS, max_size=4), _SCALARS), max_size=4
    )
)
def test_fuzz_typed_documents_give_config_or_config_error(home: Home, document: dict) -> None:
    home.config_path.write_text(tomli_w.dumps(document), encoding="utf-8")
    try:
        assert isinstance(load_config(home), Config)
    except ConfigError as exc:
        assert str(home.config_path) in exc.en


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("[]=\"'.#\n\t =abcdehilnorstuwy_0123456789-+:{},\\"))
        | st.characters(),
        max_size=120,
    )
)
def test_fuzz_random_text_gives_config_or_config_error(home: Home, text: str) -> None:
    home.config_path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        assert isinstance(load_config(home), Config)
    except ConfigError as exc:
        assert str(home.config_path) in exc.en


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(section=_SECTIONS, key=_KEYS, value=st.text(max_size=12))
def test_fuzz_environment_gives_config_or_config_error(
    home: Home, section: str, key: str, value: str
) -> None:
    try:
        assert isinstance(
            load_config(home, env={f"COUNTER_APP__{section.upper()}__{key.upper()}": value}), Config
        )
    except ConfigError as exc:
        assert "COUNTER_APP__" in exc.en


def test_commands_open_a_home_only_as_the_kind_it_is(run_cli, tmp_path: Path) -> None:
    training = tmp_path / "training"
    assert run_cli("--training", "cases", "--json", home_dir=training).returncode == 0
    assert Home(training).is_training
    refused = run_cli("cases", "--json", home_dir=training)
    assert refused.returncode == 2
    assert "培训模式的数据目录" in refused.stderr and "--training" in refused.stderr


@pytest.mark.parametrize("training", [False, True])
def test_a_home_that_cannot_be_one_is_refused_naming_it(
    run_cli, tmp_path: Path, training: bool
) -> None:
    """A file given as the home, a path through a file, a name no folder can have: each a
    ConfigError naming the path (exit 2), never a traceback, and the file left as it was."""
    a_file = _write(tmp_path / "afile", "kept")
    too_long = tmp_path / ("h" * 300)
    mode = ["--training"] if training else []
    for home, zh in (
        (a_file, f"数据目录 {a_file} 无法使用：{a_file} 不是文件夹。"),
        (a_file / "home", f"数据目录 {a_file / 'home'} 无法使用：{a_file} 不是文件夹。"),
        (too_long, f"无法建立数据目录 {too_long}（File name too long）"),
    ):
        refused = run_cli(*mode, "cases", home_dir=home)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert refused.stderr.startswith(zh)
    english = run_cli("--lang", "en", *mode, "cases", home_dir=a_file)
    assert english.stderr == (
        f"The home {a_file} cannot be used: {a_file} is not a folder. Name a folder with "
        "--home (one that does not exist yet is created).\n"
    )
    assert a_file.read_text(encoding="utf-8") == "kept"


def test_an_empty_home_is_refused_not_taken_for_the_default(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # where a default would go
    for mode in ([], ["--training"]):
        refused = cli(*mode, "--home", "", "cases")
        assert refused.returncode == 2
        assert refused.stderr.startswith("--home 的路径为空：请给出数据目录的路径")
        assert "--home is empty" in refused.stderr
    with pytest.raises(ConfigError):
        resolve_home("", {})
    assert not (tmp_path / "data").exists()


def test_the_system_file_names_the_production_home_outside_any_profile(tmp_path: Path) -> None:
    """What the Debian package ships: ``[home] path`` in /etc/counter-app/config.toml puts the
    production home under /var/lib, whichever OS account starts the window; --home and
    $COUNTER_APP_HOME still win, and the training hall keeps a home of its own."""
    system = _write(tmp_path / "etc" / "config.toml", f'[home]\npath = "{tmp_path}/var/window"\n')
    env = {"COUNTER_APP_SYSTEM_CONFIG": str(system)}
    assert resolve_home(None, env).root == tmp_path / "var" / "window"
    assert resolve_home(str(tmp_path / "cli"), env).root == tmp_path / "cli"
    assert resolve_home(None, {**env, "COUNTER_APP_HOME": str(tmp_path / "e")}).root == (
        tmp_path / "e"
    )
    assert resolve_home(None, env, training=True).root.name == "counter-app-training"
    assert load_config(Home(tmp_path / "var" / "window"), env=env).home.path == (
        f"{tmp_path}/var/window"
    )


@pytest.mark.parametrize(
    ("system_text", "message"),
    [
        ('[home]\npath = "relative/dir"\n', "absolute"),
        ("[home]\npath = 3\n", "absolute"),
        ("[home\n", "TOML"),
    ],
)
def test_a_wrong_system_home_stops_the_program_naming_the_file(
    tmp_path: Path, system_text: str, message: str
) -> None:
    system = _write(tmp_path / "config.toml", system_text)
    with pytest.raises(ConfigError) as refused:
        resolve_home(None, {"COUNTER_APP_SYSTEM_CONFIG": str(system)})
    assert str(system) in refused.value.en and message in refused.value.en
    assert refused.value.zh.startswith("配置错误")


def test_only_the_system_file_may_name_the_home(tmp_path: Path) -> None:
    home = Home(tmp_path / "home").ensure()
    _write(home.config_path, '[home]\npath = "/elsewhere"\n')
    with pytest.raises(ConfigError) as refused:
        load_config(home, env={})
    assert refused.value.field == "home.path" and "system config file" in refused.value.en
    with pytest.raises(ConfigError):
        load_config(Home(tmp_path / "other"), env={"COUNTER_APP__HOME__PATH": "/elsewhere"})
