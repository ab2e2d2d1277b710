"""Start each notebook's kernel by forking a process that has already imported what chapters use.

A kernel started from scratch spends about 2.4 s before a chapter's first line runs: 1 s starting
IPython and about 1.3 s importing pandas, altair, scipy and the package, the same in every one of
the book's fifteen notebooks. The build instead starts one zygote, which imports all of that once
and then forks a kernel for each notebook on request. A forked kernel is an ordinary ipykernel in
its own session, with the environment, working folder and arguments jupyter_client gave it; only
the imports are already done. Preloading is an optimisation, never a requirement: a module that
fails to import here is left for the notebook to import (and fail on, naming its cell).

The zygote is itself forked from the build process once the data are validated, so it starts with
what the build has already imported and with the validated tables (`data.open_dataset` keeps a
package by its content): every kernel's `open_dataset` finds them. It belongs to one build: it has
the package code as it was when the build started, and it stops when the build closes it or dies
(its lifeline pipe then closes). A kernel stops with its zygote.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import os
import pkgutil
import selectors
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager

# charts first: importing it turns off jsonschema's IRI grammar before altair loads jsonschema.
# ipykernel.debugger: the kernel imports it (and debugpy, 0.05 s) while it starts.
PRELOADED = ("llmecon.core.charts", "numpy", "pandas", "scipy.special", "IPython.display", "ipykernel.kernelapp",
             "ipykernel.debugger")
PRELOADED_PACKAGES = ("llmecon.core", "llmecon.analysis")
PRELOADED_PAGE_MODULES = ("llmecon.site.chapter", "llmecon.site.report", "llmecon.site.scorecard")
KERNEL_LAUNCHER = ["-m", "ipykernel_launcher"]
CONNECT_TIMEOUT_SECONDS = 120
REFUSED_SECONDS = 2  # a live zygote listens within microseconds of binding its socket
SHUTDOWN_POLL_SECONDS = 0.01
CHANNEL_PORTS = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")


def _preload() -> None:
    # As ipykernel's kernel spec sets it for kernels: debugpy would otherwise warn on import that modules are frozen.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    names = list(PRELOADED) + list(PRELOADED_PAGE_MODULES)
    for package in PRELOADED_PACKAGES:
        with contextlib.suppress(Exception):
            names += [info.name for info in pkgutil.iter_modules(importlib.import_module(package).__path__,
                                                                 package + ".")]
    for name in names:
        with contextlib.suppress(Exception):  # the notebook will import it again and report the error
            importlib.import_module(name)


def _become_kernel(request: dict) -> None:
    """In the forked child: take on the kernel's session, folder, environment and output, then run it."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the zygote's auto-reaping must not reach the notebook's subprocesses
    os.setsid()  # as jupyter_client starts kernels: interrupts go to the kernel's own process group
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    # The kernel's parent is the zygote: the kernel stops when the zygote (and so the build) is gone. The
    # option is given on the command line: ipykernel read JPY_PARENT_PID when the zygote imported it.
    os.environ["JPY_PARENT_PID"] = str(os.getppid())
    argv = [*request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
    null = os.open(os.devnull, os.O_RDONLY)
    log = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    sys.path[0] = request["cwd"]  # what `python -m ipykernel_launcher` run in that folder would have
    code = 0
    try:
        from ipykernel import kernelapp

        kernelapp.IPKernelApp.launch_instance(argv=argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def serve(socket_path: str, lifeline: int) -> None:
    """The zygote's loop: one JSON request per connection, answered with the forked kernel's pid; it returns
    when `lifeline` (the read end of a pipe the build holds open) closes."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(64)  # requests made while the imports run wait here
    _preload()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped as they exit
    events = selectors.DefaultSelector()
    events.register(listener, selectors.EVENT_READ)
    events.register(lifeline, selectors.EVENT_READ)
    while True:
        for key, _ in events.select():
            if key.fileobj == lifeline:
                return  # the build closed the pipe, or died
            connection, _ = listener.accept()
            with connection, connection.makefile("rb") as reader:
                request = json.loads(reader.readline())
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    events.close()
                    listener.close()
                    os.close(lifeline)
                    _become_kernel(request)
                connection.sendall(f"{pid}\n".encode())


def _leave_the_build(keep: int) -> None:
    """In the freshly forked zygote: drop what belongs to the build process (its open files and pipes, and any
    event loop it was running), so that neither the zygote nor its kernels hold or touch them."""
    os.closerange(3, keep)
    os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop_policy(None)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class Zygote:
    """The build's handle on its zygote: a fork of the build process, made once the data are validated."""

    def __init__(self, folder: Path):
        self.socket_path = str(folder / "zygote")
        lifeline, self._lifeline = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:
            code = 0
            try:
                _leave_the_build(keep=lifeline)
                serve(self.socket_path, lifeline)
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        os.close(lifeline)
        self.returncode: int | None = None

    def close(self) -> None:
        """Stop the zygote, which may still be importing (a build with nothing to execute never waits for it)."""
        if self._lifeline is not None:
            os.close(self._lifeline)
            self._lifeline = None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        self.wait()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.wait()

    def wait(self, timeout: float = 10) -> int:
        deadline = time.monotonic() + timeout
        while self.returncode is None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.returncode = os.waitstatus_to_exitcode(status)
            elif time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                deadline = float("inf")
            else:
                time.sleep(0.005)
        return self.returncode


class ForkedKernel:
    """What jupyter_client needs of a kernel process (a Popen's poll, wait, signals) for one the zygote forked.

    The zygote, not this process, is the kernel's parent and reaps it, so its exit status is not known
    here: a finished kernel reports 0, and a kernel that died mid-notebook still fails the chapter,
    because nbclient finds it dead before the notebook is done.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def request_kernel(socket_path: str, argv: list[str], env: dict, cwd: str, stderr: str) -> int:
    """Ask the zygote for a kernel; waits while the zygote is still importing. Returns the kernel's pid."""
    deadline = time.monotonic() + CONNECT_TIMEOUT_SECONDS
    refused_since = None
    while True:
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            client.connect(socket_path)
            break
        except FileNotFoundError:  # not bound yet: the zygote is still starting
            client.close()
            if time.monotonic() > deadline:
                raise RuntimeError(f"the kernel zygote at {socket_path} did not start within "
                                   f"{CONNECT_TIMEOUT_SECONDS} s") from None
        except ConnectionRefusedError:  # bound and not listening: about to listen, or dead
            client.close()
            refused_since = refused_since or time.monotonic()
            if time.monotonic() - refused_since > REFUSED_SECONDS:
                raise RuntimeError(f"the kernel zygote at {socket_path} has stopped: no kernel can be started") from None
        time.sleep(0.02)
    with client, client.makefile("rb") as reader:
        client.sendall(json.dumps({"argv": argv, "env": env, "cwd": cwd, "stderr": stderr}).encode() + b"\n")
        answer = reader.readline()
    if not answer.strip():
        raise RuntimeError(f"the kernel zygote at {socket_path} stopped before starting a kernel")
    return int(answer)


class PromptKernelClient(AsyncKernelClient):
    """jupyter_client's client, ready as soon as the kernel answers: its own wait_for_ready ends by waiting
    for 0.2 s of silence on iopub, to drop the kernel's start-up messages, which nbclient ignores anyway
    (it reads only replies to its own requests)."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # iopub is connected once it delivers; until then, ask again
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")


async def _sockets_bound(info: dict, kernel: ForkedKernel) -> None:
    """Wait until the kernel has bound its sockets (a fraction of a second after the fork). A client that
    connects earlier finds no socket and retries only after zmq's reconnect interval, and misses the
    kernel's first status message: about 0.2 s lost per kernel."""
    paths = [Path(f"{info['ip']}-{info[name]}") for name in CHANNEL_PORTS]
    deadline = time.monotonic() + CONNECT_TIMEOUT_SECONDS
    while not all(path.exists() for path in paths) and kernel.poll() is None and time.monotonic() < deadline:
        await asyncio.sleep(0.005)  # a kernel that died or never binds is reported by nbclient, as usual


def kernel_manager_class(socket_path: str, stderr_path: Path, socket_dir: Path):
    """A kernel manager whose kernels the zygote forks; they use local sockets (IPC, not TCP) in
    `socket_dir`, which must be private to one kernel (parallel kernels sharing socket names would
    read each other's messages), and write their output to `stderr_path`."""

    class ZygoteKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", str(socket_dir / "kernel"))
            kwargs.setdefault("client_factory", PromptKernelClient)
            super().__init__(**kwargs)

        async def _async_finish_shutdown(self, waittime=None, pollinterval=0.1, restart=False):
            # A kernel exits within milliseconds of the shutdown request: look every 10 ms, not every 100.
            await super()._async_finish_shutdown(waittime, SHUTDOWN_POLL_SECONDS, restart)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if kernel_cmd[1:3] != KERNEL_LAUNCHER:
                raise RuntimeError(f"the build's kernels are ipykernel; this kernel spec runs {kernel_cmd[:3]}")
            cwd = str(kw.get("cwd") or os.getcwd())
            pid = request_kernel(socket_path, kernel_cmd[3:], dict(kw.get("env") or os.environ), cwd,
                                 str(stderr_path))
            provisioner = self.provisioner
            provisioner.process = ForkedKernel(pid)
            provisioner.pid = pid
            provisioner.pgid = pid  # the kernel leads its own session
            provisioner.cwd = cwd
            await _sockets_bound(provisioner.connection_info, provisioner.process)
            self._reconcile_connection_info(provisioner.connection_info)

        _launch_kernel = _async_launch_kernel

    return ZygoteKernelManager
