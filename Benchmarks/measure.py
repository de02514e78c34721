"""What every Acervo benchmark script shares: timing a whole command, the machine, tool versions, tables.

Every command runs under `/usr/bin/time -v` (peak RSS, "Maximum resident set size"); wall time is taken
around it with a monotonic clock, user and system CPU from RUSAGE_CHILDREN around the call, so they cover
the command and every process it starts, to the microsecond rather than time's centiseconds.
"""

import os
import platform
import re
import subprocess
import time


class Sample:
    """One timed command: wall and CPU seconds, peak RSS in KiB, captured output."""

    def __init__(self, wall, user, system, rss_kib, output=""):
        self.wall, self.user, self.system, self.rss_kib, self.output = wall, user, system, rss_kib, output

    @property
    def cpu(self):
        return self.user + self.system


def timed(command, work, capture=False, name="bench"):
    """Runs `command` under /usr/bin/time -v and measures it; stops the benchmark when it fails."""
    report = os.path.join(work, "time-v.txt")
    before = os.times()
    start = time.perf_counter()
    process = subprocess.run(["/usr/bin/time", "-v", "-o", report] + command,
                             stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = os.times()
    if process.returncode != 0:
        raise SystemExit(f"{name}: {' '.join(command[:6])} ... exited {process.returncode}\n"
                         f"{process.stderr.decode(errors='replace')[-2000:]}")
    with open(report) as f:
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read()).group(1))
    return Sample(wall, after.children_user - before.children_user, after.children_system - before.children_system,
                  rss, process.stdout.decode(errors="replace") if capture else "")


def machine():
    """nproc, CPU model and kernel, as a dict."""
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "kernel": platform.release()}


def version_of(command, stream="stdout"):
    """The first line a tool prints about its version, or `?`."""
    try:
        result = subprocess.run(command, capture_output=True, text=True)
        return (getattr(result, stream) or result.stdout or result.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def markdown_table(header, rows):
    """The rows as a Markdown table with padded columns."""
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])
