"""Runs one command and measures it: wall time, CPU time of the whole process tree,
and peak memory of the process tree.

Peak memory is sampled: every `interval` seconds the sampler lists /proc, finds
every live descendant of the harness (the harness is a child subreaper, so
orphaned grandchildren stay in its tree) and adds up their resident set sizes
(VmRSS from /proc/PID/statm) and, for processes that live long enough to be
sampled twice, their proportional set sizes (Pss from /proc/PID/smaps_rollup).
The peak of those sums is reported. RSS counts pages shared between processes
(libpython's text, a fork server's copy-on-write pages) once per process; PSS
divides them among the sharers, which is fairer to a fork server. A process
that lives less than one interval may be missed; the run's own
getrusage(RUSAGE_CHILDREN) ru_maxrss (the largest single process) is kept as a
cross-check. Only one command runs at a time, so every descendant belongs to it.
"""

import ctypes
import os
import resource
import subprocess
import threading
import time

_PR_SET_CHILD_SUBREAPER = 36
_PAGE = os.sysconf("SC_PAGE_SIZE")


def become_subreaper():
    """Orphans of a measured command (a worker whose CLI exited first) are
    re-parented to us instead of init, so they stay in the measured tree."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except OSError:
        pass


class _TreeSampler(threading.Thread):
    def __init__(self, root_pid, interval):
        super().__init__(daemon=True)
        self._root = root_pid
        self._interval = interval
        self._halt = threading.Event()
        self._parents = {}
        self._seen_twice = set()
        self._seen = set()
        self.peak_rss = 0
        self.peak_pss = 0
        self.max_processes = 0

    def _parent_of(self, pid):
        parent = self._parents.get(pid)
        if parent is None:
            try:
                with open("/proc/%d/stat" % pid, "rb") as f:
                    data = f.read()
                # The command name may contain spaces and parentheses: parse after the last ')'.
                parent = int(data[data.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                return None
            self._parents[pid] = parent
        return parent

    def _tree(self):
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
        live = set(pids)
        for pid in list(self._parents):
            if pid not in live:
                del self._parents[pid]
        members = {self._root}
        changed = True
        while changed:
            changed = False
            for pid in pids:
                if pid not in members and self._parent_of(pid) in members:
                    members.add(pid)
                    changed = True
        return members

    def _sample(self):
        rss = pss = 0
        members = self._tree()
        for pid in members:
            try:
                with open("/proc/%d/statm" % pid, "rb") as f:
                    rss += int(f.read().split()[1]) * _PAGE
            except (OSError, ValueError, IndexError):
                continue
            if pid in self._seen:
                pss += self._pss(pid)
            else:
                self._seen.add(pid)
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)
        self.max_processes = max(self.max_processes, len(members))

    @staticmethod
    def _pss(pid):
        try:
            with open("/proc/%d/smaps_rollup" % pid, "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        return 0

    def run(self):
        while not self._halt.is_set():
            self._sample()
            self._halt.wait(self._interval)

    def stop(self):
        self._halt.set()
        self.join()


def run(command, cwd=None, env=None, interval=0.01, timeout=None, stdout=subprocess.DEVNULL):
    """Runs command to completion; returns a dict of measurements."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=stdout, stderr=subprocess.PIPE)
    sampler = _TreeSampler(process.pid, interval)
    sampler.start()
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    wall = time.perf_counter() - start
    sampler.stop()
    _reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        # Load of the whole machine when the command ended (other users' processes included).
        "loadavg_1min": os.getloadavg()[0],
        "wall_s": wall,
        "returncode": process.returncode,
        "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_rss_mb": sampler.peak_rss / 2**20,
        "peak_pss_mb": sampler.peak_pss / 2**20,
        "max_single_rss_mb": after.ru_maxrss / 1024,  # cumulative max since harness start: a cross-check only
        "max_processes": sampler.max_processes,
        "stderr_tail": stderr.decode("utf-8", "replace")[-2000:],
    }


def _reap_orphans():
    """Waits for re-parented orphans so their CPU time is counted and no zombies pile up."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
