"""Whether this OS account may use a home, said before anything is read from it.

A window's home belongs to the one OS account its clerks share (or, under the Debian package,
sits in ``/var/lib/counter-app``, which only the group ``counter-app`` may enter). Started
under another account, the program would stop on the first file it touches with a traceback,
or the window would stay black. This names the file, the account or group it belongs to and
what IT does about it instead; a home on a disk gone read-only, or a file of the account's
own whose mode shuts it out, is said as such. POSIX only: Windows homes sit in the account's
own profile.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from counter_app.errors import ConfigError, CounterError
from counter_app.store.sqlite_failures import DiskFailed

# The home's folders whose files the program rewrites; documents and backups are only added to.
_REWRITTEN_DIRECTORIES = ("keys", "logs", "device", "print-jobs")


def refuse_inaccessible_home(root: Path) -> None:
    """:class:`ConfigError` when this account cannot read and write the home ``root``, one of
    the files in it the program rewrites, or (for a home not made yet) the folder that would
    hold it."""
    if os.name != "posix":
        return
    if not os.path.exists(root):
        _refuse_unwritable_parent(root)
        return
    for path in _paths_to_check(root):
        wanted = os.R_OK | os.W_OK | (os.X_OK if path.is_dir() else 0)
        if not os.access(path, wanted):
            raise _why_refused(root, path)


def _why_refused(root: Path, path: Path) -> CounterError:
    """Why this account may not use ``path`` in the home ``root``: the disk is read-only,
    the mode of a file of its own is too narrow, or it belongs to another account."""
    if _read_only_disk(path):
        return _on_read_only_disk(root)
    me = os.geteuid()
    if root.stat().st_uid == me and path.stat().st_uid == me:
        return _mode_too_narrow(root, path)
    return _belongs_to_another(root, path)


def _read_only_disk(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _on_read_only_disk(root: Path) -> DiskFailed:
    # In the words of the store's own disk error (``sqlite_failures.disk_failure``).
    return DiskFailed(
        f"数据目录 {root} 所在的磁盘为只读，本程序无法保存任何内容；此前保存的办件不受影响。"
        "请联系信息技术人员检查该磁盘（系统可能因磁盘出错把它改为只读）；检查之前不要重装系统，"
        "也不要删除数据目录。",
        f"The disk of the home {root} is read-only, so this program can save nothing; cases "
        "saved before are unaffected. Ask IT to check that disk (the system may have made it "
        "read-only after disk errors); until then do not reinstall the system or delete the "
        "data directory.",
    )


def _mode_too_narrow(root: Path, path: Path) -> ConfigError:
    """A file or folder of this very account whose mode shuts it out (a ``chmod`` by hand, a
    copy from a medium that kept read-only modes): ``chown`` would change nothing."""
    me = _account_name(os.geteuid())
    mode = path.stat().st_mode
    shown = f"{stat.S_IMODE(mode):04o}（{stat.filemode(mode)}）"
    shown_en = f"{stat.S_IMODE(mode):04o} ({stat.filemode(mode)})"
    if path == root:
        return ConfigError(
            f"数据目录 {root} 属于当前账号 {me}，但权限为 {shown}，本账号不能在其中读写。"
            f"请运行 chmod 700 {root}，然后再启动。",
            f"The home {root} belongs to this account ({me}), but its mode is {shown_en}: this "
            f"account cannot read and write in it. Run: chmod 700 {root}; then start again.",
            field="home",
        )
    name = path.relative_to(root)
    return ConfigError(
        f"数据目录 {root} 中的 {name} 属于当前账号 {me}，但权限为 {shown}，本账号不能读写。"
        f"请运行 chmod -R u+rwX {root}，然后再启动。",
        f"{name} in the home {root} belongs to this account ({me}), but its mode is "
        f"{shown_en}: this account cannot read and write it. Run: chmod -R u+rwX {root}; then "
        "start again.",
        field="home",
    )


def _paths_to_check(root: Path) -> list[Path]:
    paths = [root]
    if not os.access(root, os.R_OK | os.X_OK):
        return paths
    for entry in sorted(root.iterdir()):
        paths.append(entry)
        if entry.name in _REWRITTEN_DIRECTORIES and os.access(entry, os.R_OK | os.X_OK):
            paths.extend(sorted(entry.iterdir()))
    return paths


def _account_name(uid: int) -> str:
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group_name(gid: int) -> str:
    import grp

    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _group_members(gid: int) -> list[str]:
    import grp

    try:
        return grp.getgrgid(gid).gr_mem
    except KeyError:
        return []


def _belongs_to_another(root: Path, path: Path) -> ConfigError:
    me = _account_name(os.geteuid())
    home_owner = _account_name(root.stat().st_uid)
    if path == root or home_owner != me:
        return ConfigError(
            f"数据目录 {root} 属于系统账号 {home_owner}，当前账号 {me} 无权使用。"
            f"请用账号 {home_owner} 登录后再启动（一个窗口的职员共用这个账号）。",
            f"The home {root} belongs to the OS account {home_owner}, and this account ({me}) "
            f"may not use it. Log in as {home_owner} (the account a window's clerks share) and "
            "start again.",
            field="home",
        )
    owner = _account_name(path.stat().st_uid)
    name = path.relative_to(root)
    return ConfigError(
        f"数据目录 {root} 中的 {name} 属于系统账号 {owner}，当前账号 {me} 无权读写"
        f"（多半是用 sudo 或其他账号运行命令时留下的）。请 IT 运行 "
        f"sudo chown -R {me} {root} 把它交还给窗口的账号，然后再启动。",
        f"{name} in the home {root} belongs to the OS account {owner}, and this account "
        f"({me}) may not read and write it (most likely a command run with sudo or under "
        f"another account left it). IT gives it back with: sudo chown -R {me} {root}; then "
        "start again.",
        field="home",
    )


def _refuse_unwritable_parent(root: Path) -> None:
    parent = next((path for path in root.parents if os.path.exists(path)), None)
    if parent is None or not parent.is_dir() or os.access(parent, os.W_OK | os.X_OK):
        return
    if _read_only_disk(parent):
        raise _on_read_only_disk(root)
    status = parent.stat()
    me = _account_name(os.geteuid())
    if status.st_mode & 0o030 == 0o030 and status.st_gid not in os.getgroups():
        group = _group_name(status.st_gid)
        if me in _group_members(status.st_gid):
            zh_step, en_step = (
                "已加入该组，但还没有重新登录。请注销并重新登录",
                "was added to it but has not logged in since. Log out and in again",
            )
        else:
            zh_step = f"不在该组。请 IT 运行 sudo usermod -aG {group} {me}，然后注销并重新登录"
            en_step = (
                f"is not in it. IT runs: sudo usermod -aG {group} {me}; then log out and in again"
            )
        raise ConfigError(
            f"无法在 {parent} 下建立数据目录 {root}：该文件夹只对组 {group} 开放，"
            f"当前账号 {me} {zh_step}。",
            f"The home {root} cannot be made in {parent}: that folder is open only to the "
            f"group {group}, and this account ({me}) {en_step}.",
            field="home",
        )
    owner = _account_name(status.st_uid)
    raise ConfigError(
        f"无法在 {parent} 下建立数据目录 {root}：该文件夹属于系统账号 {owner}，"
        f"当前账号 {me} 无权在其中新建。请用 --home 指定本账号可写的文件夹，"
        "或请 IT 在系统配置的 [home] path 中指定数据目录。",
        f"The home {root} cannot be made in {parent}: that folder belongs to the OS account "
        f"{owner}, and this account ({me}) may not create anything in it. Name a folder this "
        "account can write with --home, or IT names the home in the system config's [home] "
        "path.",
        field="home",
    )
