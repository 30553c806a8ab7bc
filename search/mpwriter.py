"""Whoosh's multi-process writer, made safe to kill.

Whoosh's MpWriter forks sub-writers that analyse and write their own segments, which nearly
halves a full build on two cores. Its workers, though, outlive a kill -9 of the parent: they
wait on their job queue for ever and keep the inherited index lock, so every later update
would hang. Here each worker asks the kernel to kill it when its parent dies
(PR_SET_PDEATHSIG), is a daemon (so a parent that exits on an error takes it along), and is
terminated on cancel. Where the kernel offers no such request (not Linux), the build stays
in one process.
"""

from __future__ import annotations

import ctypes
import os
import signal

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

_PR_SET_PDEATHSIG = 1
PROCESSES = 2  # writer processes: one per core of the machines nkwatch runs on


def _libc():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc if hasattr(libc, "prctl") else None
    except OSError:
        return None


def parallel_ok() -> bool:
    """Workers can be tied to the parent's life, and there is a second core to use."""
    return (os.cpu_count() or 1) >= 2 and _libc() is not None


class _Worker(SubWriterTask):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.daemon = True
        self.parent_pid = os.getpid()

    def run(self) -> None:
        libc = _libc()
        if libc is None or libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            os._exit(1)
        if os.getppid() != self.parent_pid:  # the parent died before the request
            os._exit(1)
        super().run()


class KillSafeMpWriter(MpWriter):
    """MpWriter whose workers die with it; each worker's segment is kept as it is
    (multisegment), so the commit does not merge them again in one process."""

    def __init__(self, ix, procs: int = PROCESSES, **kwargs) -> None:
        super().__init__(ix, procs=procs, batchsize=50, multisegment=True, **kwargs)

    def _new_task(self):
        task = _Worker(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task

    def cancel(self) -> None:
        # Whoosh's cancel sets a flag in the parent's copy of each task; the workers
        # never see it. Stop them for real.
        for task in self.tasks:
            if task.is_alive():
                task.kill()
            task.join()
        SegmentWriter.cancel(self)


def writer(ix, **kwargs):
    """The fastest writer that is safe here: PROCESSES workers where they can be tied to
    the parent, otherwise Whoosh's single-process writer."""
    if parallel_ok():
        return KillSafeMpWriter(ix, **kwargs)
    return ix.writer(**kwargs)
