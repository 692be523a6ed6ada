"""A disk that loses what was never synced when its power is cut: a FUSE file system for tests.

What programs write lives in this process's memory, as in a drive's cache. What ``fsync``
made durable is kept apart: a file's contents when it was last synced, a directory's names
when it was last synced (POSIX promises no more: a new name, a rename or an unlink survives a
power cut only once its directory is synced). Writing a command to ``/.power`` on the disk:

- ``sync``: everything becomes durable, as a clean shutdown leaves it;
- ``cut lose``: the power is cut and every write since the last sync is lost;
- ``cut scramble SEED``: the power is cut and a random choice of the unsynced writes'
  512-byte sectors reached the platter (a disk may write its cache in any order), the rest
  is lost. Unsynced changes of names are lost;
- ``arm PART lose`` (or ``arm PART scramble SEED``): that cut comes by itself the moment a
  name containing PART is made durable (its directory synced), before the program that
  synced it hears back: a power cut at an exact point of a program's work.

The durable state goes to the backing directory (``state.json`` and a file per file) and
this process ends at once, without answering another request. Serving the same backing
directory again is the next boot. Tests use it through ``PowerCutDisk``, in a mount
namespace of their own (root, as on every machine this suite runs on).

Run: ``python -m tests.store.power_cut_disk BACKING MOUNTPOINT``; it prints ``ready`` once
the disk is mounted, and ends with the process that started it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mfusepy import FUSE, FuseOSError, Operations

from tests.store.disk_faults import OWN_MOUNT_NAMESPACE, REPO

SCENARIO_TIMEOUT = 300  # seconds: a power-cut scenario takes 5-20 s here
PR_SET_PDEATHSIG = 1  # prctl(2)
ROOT = 1
CONTROL = "/.power"
SECTOR = 512
FREE_BYTES = 8 << 30  # what statfs reports free: far above the counter's disk warning


@dataclass
class Node:
    mode: int
    data: bytearray = field(default_factory=bytearray)
    entries: dict[str, int] = field(default_factory=dict)
    links: int = 1
    mtime: int = field(default_factory=time.time_ns)
    # Writes (offset, bytes) and truncations (size, None) since the file was last synced.
    unsynced: list[tuple[int, bytes | None]] = field(default_factory=list)

    @property
    def is_dir(self) -> bool:
        return stat.S_ISDIR(self.mode)


class PowerCutFs(Operations):  # type: ignore[misc]
    use_ns = True  # times in nanoseconds

    def __init__(self, backing: Path) -> None:
        self.backing = backing
        self.nodes: dict[int, Node] = {}
        self.durable_data: dict[int, bytes] = {}
        self.durable_entries: dict[int, dict[str, int]] = {}
        self.control = bytearray()
        self.trap: tuple[str, list[str]] | None = None
        self.sync_trap: tuple[str, list[str]] | None = None
        self._load()

    # The platter -----------------------------------------------------------------------

    def _load(self) -> None:
        state_file = self.backing / "state.json"
        if not state_file.exists():
            self.nodes[ROOT] = Node(stat.S_IFDIR | 0o755)
            self.durable_entries[ROOT] = {}
            return
        state = json.loads(state_file.read_text(encoding="utf-8"))
        for key, mode in state["modes"].items():
            ino = int(key)
            node = Node(mode)
            if node.is_dir:
                node.entries = {n: int(i) for n, i in state["entries"].get(key, {}).items()}
                self.durable_entries[ino] = dict(node.entries)
            else:
                node.data = bytearray((self.backing / "data" / key).read_bytes())
                self.durable_data[ino] = bytes(node.data)
            self.nodes[ino] = node
        for node in self.nodes.values():
            node.links = 0
        for node in list(self.nodes.values()):
            for child in node.entries.values():
                self.nodes[child].links += 1  # a file's hard links are its names

    def _reachable(self) -> set[int]:
        """The inodes a durable name leads to: all that survives a cut."""
        seen, stack = {ROOT}, [ROOT]
        while stack:
            for child in self.durable_entries.get(stack.pop(), {}).values():
                if child not in seen:
                    seen.add(child)
                    if self.nodes[child].is_dir:
                        stack.append(child)
        return seen

    def _persist(self) -> None:
        data_dir = self.backing / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        for old in data_dir.iterdir():
            old.unlink()
        reachable = self._reachable()
        for ino in reachable:
            if not self.nodes[ino].is_dir:
                (data_dir / str(ino)).write_bytes(self.durable_data.get(ino, b""))
        state = {
            "modes": {str(i): self.nodes[i].mode for i in reachable},
            "entries": {
                str(i): self.durable_entries.get(i, {}) for i in reachable if self.nodes[i].is_dir
            },
        }
        (self.backing / "state.json").write_text(json.dumps(state), encoding="utf-8")

    def _sync_all(self) -> None:
        for ino, node in self.nodes.items():
            if node.is_dir:
                self.durable_entries[ino] = dict(node.entries)
            else:
                self.durable_data[ino] = bytes(node.data)
                node.unsynced.clear()

    def _scramble(self, seed: int) -> None:
        """Some sectors of the unsynced writes reached the platter before the power went."""
        chance = random.Random(seed)
        for ino, node in sorted(self.nodes.items()):
            if node.is_dir or not node.unsynced:
                continue
            platter = bytearray(self.durable_data.get(ino, b""))
            for offset, data in node.unsynced:
                if data is None:
                    if chance.random() < 0.5:
                        _truncate(platter, offset)
                    continue
                start = offset
                while start < offset + len(data):
                    end = min(offset + len(data), (start // SECTOR + 1) * SECTOR)
                    if chance.random() < 0.5:
                        _write_at(platter, start, data[start - offset : end - offset])
                    start = end
            self.durable_data[ino] = bytes(platter)

    def _command(self, words: list[str]) -> None:
        if words == ["sync"]:
            self._sync_all()
            self._persist()
            return
        if words[0] == "arm":
            self.trap = (words[1], ["cut", *words[2:]])
            return
        if words[0] == "arm-sync":
            self.sync_trap = (words[1], ["cut", *words[2:]])
            return
        if words[:2] == ["cut", "scramble"]:
            self._scramble(int(words[2]))
        elif words != ["cut", "lose"]:
            raise FuseOSError(errno.EINVAL)
        self._persist()
        sys.stdout.flush()
        os._exit(0)  # the power is gone: no request is answered after this one

    # Names -------------------------------------------------------------------------------

    def _lookup(self, path: str) -> int:
        ino = ROOT
        for part in Path(path).parts[1:]:
            node = self.nodes[ino]
            if not node.is_dir or part not in node.entries:
                raise FuseOSError(errno.ENOENT)
            ino = node.entries[part]
        return ino

    def _parent(self, path: str) -> tuple[Node, str]:
        parent = Path(path)
        return self.nodes[self._lookup(str(parent.parent))], parent.name

    def _add(self, path: str, node: Node) -> int:
        parent, name = self._parent(path)
        if name in parent.entries:
            raise FuseOSError(errno.EEXIST)
        ino = max(self.nodes) + 1
        self.nodes[ino] = node
        parent.entries[name] = ino
        parent.mtime = time.time_ns()
        return ino

    def _drop_name(self, parent: Node, name: str) -> None:
        node = self.nodes[parent.entries.pop(name)]
        node.links -= 1
        parent.mtime = time.time_ns()

    # Operations --------------------------------------------------------------------------

    def getattr(self, path: str, fh: int | None = None) -> dict[str, Any]:
        if path == CONTROL:
            return {"st_mode": stat.S_IFREG | 0o600, "st_nlink": 1, "st_size": 0}
        node = self.nodes[self._lookup(path)]
        size = len(node.data) if not node.is_dir else 4096
        return {
            "st_mode": node.mode,
            "st_nlink": 2 if node.is_dir else node.links,
            "st_size": size,
            "st_blocks": (size + 511) // 512,
            "st_uid": os.getuid(),
            "st_gid": os.getgid(),
            "st_atime": node.mtime,
            "st_mtime": node.mtime,
            "st_ctime": node.mtime,
        }

    def readdir(self, path: str, fh: int) -> list[str]:
        return [".", "..", *self.nodes[self._lookup(path)].entries]

    def mkdir(self, path: str, mode: int) -> int:
        self._add(path, Node(stat.S_IFDIR | (mode & 0o7777)))
        return 0

    def rmdir(self, path: str) -> int:
        parent, name = self._parent(path)
        if self.nodes[self._lookup(path)].entries:
            raise FuseOSError(errno.ENOTEMPTY)
        self._drop_name(parent, name)
        return 0

    def create(self, path: str, mode: int, flags: int) -> int:
        if path == CONTROL:
            self.control.clear()
            return 0
        return self._add(path, Node(stat.S_IFREG | (mode & 0o7777)))

    def open(self, path: str, flags: int) -> int:
        if path == CONTROL:
            self.control.clear()
            return 0
        return self._lookup(path)

    def read(self, path: str, size: int, offset: int, fh: int) -> bytes:
        return bytes(self.nodes[fh].data[offset : offset + size])

    def write(self, path: str, data: bytes, offset: int, fh: int) -> int:
        if fh == 0:  # the control file
            self.control += data
            if self.control.endswith(b"\n"):
                self._command(self.control.decode().split())
            return len(data)
        node = self.nodes[fh]
        _write_at(node.data, offset, data)
        node.unsynced.append((offset, bytes(data)))
        node.mtime = time.time_ns()
        return len(data)

    def truncate(self, path: str, length: int, fh: int | None = None) -> int:
        if path == CONTROL:
            return 0
        node = self.nodes[fh if fh else self._lookup(path)]
        _truncate(node.data, length)
        node.unsynced.append((length, None))
        node.mtime = time.time_ns()
        return 0

    def fsync(self, path: str, datasync: int, fh: int) -> int:
        if self.sync_trap and Path(path).name == self.sync_trap[0]:
            self._command(self.sync_trap[1])
        node = self.nodes[fh]
        self.durable_data[fh] = bytes(node.data)
        node.unsynced.clear()
        return 0

    def fsyncdir(self, path: str, datasync: int, fh: int) -> int:
        ino = self._lookup(path)
        entries = dict(self.nodes[ino].entries)
        self.durable_entries[ino] = entries
        for child in entries.values():  # a name made durable names a file or an empty directory
            if self.nodes[child].is_dir:
                self.durable_entries.setdefault(child, {})
        if self.trap and any(self.trap[0] in name for name in entries):
            self._command(self.trap[1])
        return 0

    def unlink(self, path: str) -> int:
        parent, name = self._parent(path)
        self._lookup(path)
        self._drop_name(parent, name)
        return 0

    def rename(self, old: str, new: str) -> int:
        source_parent, source_name = self._parent(old)
        ino = self._lookup(old)
        target_parent, target_name = self._parent(new)
        if target_name in target_parent.entries:
            replaced = self.nodes[target_parent.entries[target_name]]
            if replaced.is_dir and replaced.entries:
                raise FuseOSError(errno.ENOTEMPTY)
            self._drop_name(target_parent, target_name)
        del source_parent.entries[source_name]
        target_parent.entries[target_name] = ino
        source_parent.mtime = target_parent.mtime = time.time_ns()
        return 0

    def link(self, target: str, source: str) -> int:
        ino = self._lookup(source)
        parent, name = self._parent(target)
        if name in parent.entries:
            raise FuseOSError(errno.EEXIST)
        parent.entries[name] = ino
        self.nodes[ino].links += 1
        return 0

    def chmod(self, path: str, mode: int) -> int:
        node = self.nodes[self._lookup(path)]
        node.mode = stat.S_IFMT(node.mode) | (mode & 0o7777)
        return 0

    def chown(self, path: str, uid: int, gid: int) -> int:
        return 0

    def utimens(self, path: str, times: tuple[int, int] | None = None) -> int:
        self.nodes[self._lookup(path)].mtime = times[1] if times else time.time_ns()
        return 0

    def statfs(self, path: str) -> dict[str, int]:
        blocks = FREE_BYTES // 4096
        return {
            "f_bsize": 4096,
            "f_frsize": 4096,
            "f_blocks": blocks * 2,
            "f_bfree": blocks,
            "f_bavail": blocks,
            "f_files": 1 << 20,
            "f_ffree": 1 << 20,
            "f_namemax": 255,
        }

    def init(self, path: str) -> None:
        print("ready", flush=True)


def _write_at(buffer: bytearray, offset: int, data: bytes) -> None:
    if offset > len(buffer):
        buffer.extend(bytes(offset - len(buffer)))
    buffer[offset : offset + len(data)] = data


def _truncate(buffer: bytearray, size: int) -> None:
    if size < len(buffer):
        del buffer[size:]
    else:
        buffer.extend(bytes(size - len(buffer)))


class PowerCutDisk:
    """The disk as a test drives it, from inside its mount namespace."""

    def __init__(self, backing: Path, mountpoint: Path) -> None:
        self.backing, self.mountpoint = backing, mountpoint
        self.server: subprocess.Popen[str] | None = None
        backing.mkdir(parents=True, exist_ok=True)
        mountpoint.mkdir(parents=True, exist_ok=True)

    @classmethod
    def booted_under(cls, work: Path) -> PowerCutDisk:
        """A disk with its platter and its mount point under ``work``, booted."""
        disk = cls(work / "platter", work / "disk")
        disk.boot()
        return disk

    def boot(self) -> None:
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.store.power_cut_disk",
                str(self.backing),
                str(self.mountpoint),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.server.stdout is not None
        if self.server.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the power-cut disk did not mount: {self.server.wait()}")

    def sync(self) -> None:
        self._tell("sync\n")

    def arm(self, part: str, how: str) -> None:
        """Cut the power (``how`` as for ``cut``) once a name containing ``part`` is durable;
        ``cut`` afterwards only unmounts."""
        self._tell(f"arm {part} {how}\n")

    def arm_sync(self, name: str, how: str) -> None:
        """Cut the power (``how`` as for ``cut``) when the file ``name`` is next synced, before
        its unsynced writes are made durable; ``cut`` afterwards only unmounts."""
        self._tell(f"arm-sync {name} {how}\n")

    def cut(self, how: str) -> None:
        """``lose`` or ``scramble SEED``: stop every program using the disk first. After a
        cut an ``arm`` made, it only unmounts."""
        with contextlib.suppress(OSError):  # the disk went away while answering: the cut
            self._tell(f"cut {how}\n")
        assert self.server is not None
        self.server.wait(timeout=60)
        subprocess.run(["umount", "-l", str(self.mountpoint)], check=True)
        self.server = None

    def _tell(self, command: str) -> None:
        with open(self.mountpoint / CONTROL.lstrip("/"), "w", encoding="ascii") as control:
            control.write(command)


def run_in_own_mount_namespace(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m module args`` in a mount namespace of its own: the disks it mounts are
    seen by it and its children only, and go with them. Its whole process group is killed
    when it ends or overruns its time."""
    process = subprocess.Popen(
        [*OWN_MOUNT_NAMESPACE, sys.executable, "-m", module, *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=SCENARIO_TIMEOUT)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def main() -> None:
    backing, mountpoint = Path(sys.argv[1]), Path(sys.argv[2])
    # The server ends with its parent: no disk is left mounted by a scenario that failed.
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    FUSE(PowerCutFs(backing), str(mountpoint), foreground=True, nothreads=True)


if __name__ == "__main__":
    main()
