"""The build's kernels: plain (started from scratch, as jupyter_client always does) or forked from a zygote.

A kernel started from scratch spends about 2.4 s before a chapter's first line runs: 1 s starting
IPython and about 1.3 s importing pandas, altair, scipy and the package, the same in every one of
the book's fifteen notebooks. With `--kernels forked` the build starts one zygote, a fresh Python
process (`Zygote`, running `serve`) that imports all of that once, reads and checks the
data package, and then forks a kernel for each notebook on request. A forked kernel is an ordinary
ipykernel in its own session, with the environment, working folder and arguments jupyter_client gave
it; only the imports are already done. Preloading is an optimisation, never a requirement: a module
that fails to import here is left for the notebook to import (and fail on, naming its cell).

Everything goes through jupyter_client's documented extension point, a kernel provisioner
(`ZygoteProvisioner`, registered under the entry point group `jupyter_client.kernel_provisioners` in
pyproject.toml and named by the kernel spec the build writes, `kernel_spec_folder`): jupyter_client
writes the connection file and owns the ports as for any local kernel; only the process comes from the
zygote instead of `Popen`. Forking a process that has loaded numpy, scipy and pandas is safe on Linux,
not on macOS (its system libraries are not fork-safe) and impossible on Windows, so forked kernels are
the default on Linux only (`default_kernel_mode`) and plain kernels are selectable everywhere.

The zygote belongs to one build: it stops when the build closes its standard input or dies, and a
kernel stops with its zygote.
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
from importlib.metadata import entry_points
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Type

KERNEL_MODES = ("forked", "plain")
PROVISIONER_GROUP = "jupyter_client.kernel_provisioners"
PROVISIONER_NAME = "llmecon-zygote"  # as registered in pyproject.toml
FORKED_KERNEL_NAME = "llmecon-forked"
PLAIN_KERNEL_NAME = "python3"
# How the build's worker tells the provisioner (in the same process) where the zygote listens and where
# the kernel's output goes; neither reaches the kernel's environment.
ZYGOTE_ENV = "LLMECON_ZYGOTE_SOCKET"
KERNEL_LOG_ENV = "LLMECON_KERNEL_LOG"
# ipykernel.debugger: the kernel imports it (and debugpy, 0.05 s) while it starts.
PRELOADED = (
    "llmecon.core.charts",
    "numpy",
    "pandas",
    "scipy.special",
    "IPython.display",
    "ipykernel.kernelapp",
    "ipykernel.debugger",
)
PRELOADED_PACKAGES = ("llmecon.core", "llmecon.analysis")
PRELOADED_PAGE_MODULES = ("llmecon.site.chapter", "llmecon.site.report", "llmecon.site.scorecard")
KERNEL_LAUNCHER = ["-m", "ipykernel_launcher"]
START_TIMEOUT_SECONDS = 120  # the zygote may still be importing when the first kernel is asked for
REFUSED_SECONDS = 5  # a live zygote listens right after binding its socket, if not descheduled in between
EXIT_WAIT_SECONDS = 0.1
EXIT_POLL_SECONDS = 0.005


def default_kernel_mode() -> str:
    """Forked kernels where forking a process that has imported numpy, scipy and pandas is safe (Linux)."""
    return "forked" if sys.platform.startswith("linux") else "plain"


def forked_kernels_available() -> str | None:
    """Why forked kernels cannot be used in this environment, or None when they can."""
    if not hasattr(os, "fork"):
        return "this system cannot fork processes"
    if not any(ep.name == PROVISIONER_NAME for ep in entry_points(group=PROVISIONER_GROUP)):
        return (
            f"the kernel provisioner {PROVISIONER_NAME!r} is not registered in this environment "
            "(run `make setup`, which installs the package with its entry points)"
        )
    return None


def kernel_spec_folder(folder: Path) -> Path:
    """Write the kernel spec of forked kernels under `folder` (to be put on JUPYTER_PATH) and return `folder`.
    It is the stock Python kernel spec, naming the zygote's provisioner."""
    spec = folder / "kernels" / FORKED_KERNEL_NAME / "kernel.json"
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(
        json.dumps(
            {
                "argv": [sys.executable, *KERNEL_LAUNCHER, "-f", "{connection_file}"],
                "display_name": "Python 3 (forked by the llmecon build)",
                "language": "python",
                "metadata": {"debugger": True, "kernel_provisioner": {"provisioner_name": PROVISIONER_NAME}},
            },
            indent=1,
        )
    )
    return folder


# --- the zygote process ---------------------------------------------------------------------------------------


def _preload(data_dir: str) -> None:
    # As ipykernel's kernel spec sets it for kernels: debugpy would otherwise warn on import that modules are frozen.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    names = list(PRELOADED) + list(PRELOADED_PAGE_MODULES)
    for package in PRELOADED_PACKAGES:
        with contextlib.suppress(Exception):
            names += [
                info.name for info in pkgutil.iter_modules(importlib.import_module(package).__path__, package + ".")
            ]
    for name in names:
        with contextlib.suppress(Exception):  # the notebook will import it again and report the error
            importlib.import_module(name)
    if "pandas" in sys.modules:
        # pandas picks display.max_columns when it is imported: 0 (fit the terminal) outside an IPython kernel, 20
        # inside one, as its documentation says. Imported here, outside any kernel, it picked 0: give it the value it
        # picks in a kernel started from scratch, so that forked and plain kernels print the same tables.
        sys.modules["pandas"].set_option("display.max_columns", 20)
    with contextlib.suppress(Exception):  # a bad package is reported by the build, which checks it too
        from llmecon.core import data

        data.open_dataset(data_dir)  # kept by content: every kernel's open_dataset of this folder finds it


def _become_kernel(request: dict, connection: socket.socket) -> None:
    """In the forked child: take on the kernel's session, folder, environment and output, then run it. The
    kernel's pid goes back over `connection` once its sockets are bound, so the client connects at once."""
    signal.signal(
        signal.SIGCHLD, signal.SIG_DFL
    )  # the zygote's auto-reaping must not reach the notebook's subprocesses
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
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()  # what IPKernelApp.launch_instance does, with word sent between the steps
        app.initialize(argv)
        connection.sendall(f"{os.getpid()}\n".encode())
        connection.close()
        app.start()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # a forked child: the zygote's objects are not this process's to tear down


def serve(socket_path: str, data_dir: str, lifeline: int) -> None:
    """The zygote's loop: one JSON request per connection, answered by the forked kernel with its pid; it
    returns when `lifeline` (its standard input, a pipe from the build) closes."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(64)  # requests made while the imports run wait here
    _preload(data_dir)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped as they exit
    events = selectors.DefaultSelector()
    events.register(listener, selectors.EVENT_READ)
    events.register(lifeline, selectors.EVENT_READ)
    while True:
        for key, _ in events.select():
            if key.fileobj == lifeline:
                return  # the build closed the pipe, or died
            connection, _ = listener.accept()
            with connection.makefile("rb") as reader:
                request = json.loads(reader.readline())
            sys.stdout.flush()
            sys.stderr.flush()
            if os.fork() == 0:
                events.close()
                listener.close()
                _become_kernel(request, connection)
            connection.close()


# The zygote's command. jsonschema (imported by altair) compiles the optional rfc3987_syntax grammar on import,
# 1.5 s spent only to check IRI formats no chart uses. The zygote does without it: a None entry in sys.modules
# makes that import fail, as Python documents, and jsonschema then leaves the IRI format unchecked. Only the
# zygote and its kernels are affected (not the package, nor a reader's JupyterLab); charts are validated against
# the same schema either way. It comes first, before anything imports altair.
ZYGOTE_COMMAND = """
import sys
sys.modules.setdefault("rfc3987_syntax", None)
from llmecon.site.builder.zygote import serve
serve(sys.argv[1], sys.argv[2], sys.stdin.fileno())
"""


# --- the build's side ------------------------------------------------------------------------------------------


class Zygote:
    """The build's handle on its zygote, started from scratch with the build's interpreter."""

    def __init__(self, folder: Path, data_dir: Path):
        self.socket_path = str(folder / "zygote")
        self.process = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE_COMMAND, self.socket_path, str(data_dir)], stdin=subprocess.PIPE
        )

    def close(self) -> None:
        """Stop the zygote, which may still be importing (a build with nothing to execute never waits for it)."""
        if self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


class ForkedKernel:
    """What LocalProvisioner needs of a kernel process (a Popen's poll, wait, signals) for one the zygote forked.

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


async def request_kernel(socket_path: str, argv: list[str], env: dict, cwd: str, stderr: str) -> int:
    """Ask the zygote for a kernel; waits while the zygote is still importing. Returns the kernel's pid once
    the kernel has bound its sockets."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    refused_since = None
    while True:
        try:
            reader, writer = await asyncio.open_unix_connection(socket_path)
            break
        except FileNotFoundError:  # not bound yet: the zygote is starting
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the kernel zygote at {socket_path} did not start within {START_TIMEOUT_SECONDS} s"
                ) from None
        except ConnectionRefusedError:  # bound and not listening: about to listen (a busy machine), or dead
            refused_since = refused_since or time.monotonic()
            if time.monotonic() - refused_since > REFUSED_SECONDS:
                raise RuntimeError(
                    f"the kernel zygote at {socket_path} has stopped: no kernel can be started"
                ) from None
        await asyncio.sleep(0.02)
    writer.write(json.dumps({"argv": argv, "env": env, "cwd": cwd, "stderr": stderr}).encode() + b"\n")
    await writer.drain()
    try:
        answer = await asyncio.wait_for(reader.readline(), START_TIMEOUT_SECONDS)
    finally:
        writer.close()
    if not answer.strip():
        raise RuntimeError(f"the kernel forked by the zygote at {socket_path} stopped while starting; see {stderr}")
    return int(answer)


class ZygoteProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner (connection file, ports, signals to the kernel's process group, clean-up),
    with the kernel process forked by the build's zygote instead of started by Popen."""

    shutting_down = False

    async def launch_kernel(self, cmd: list[str], **kwargs) -> dict:
        if cmd[1:3] != KERNEL_LAUNCHER:
            raise RuntimeError(f"forked kernels are ipykernel; this kernel spec runs {cmd[:3]}")
        env = dict(kwargs.get("env") or os.environ)
        socket_path = env.pop(ZYGOTE_ENV, None)
        if not socket_path:
            raise RuntimeError(f"{ZYGOTE_ENV} does not name the build's zygote: forked kernels start only in a build")
        stderr = env.pop(KERNEL_LOG_ENV, os.devnull)
        # JUPYTER_PATH named this kernel spec for the build; the notebook sees it as it was.
        ours = str(Path(self.kernel_spec.resource_dir).parents[1])
        jupyter_path = [p for p in env.pop("JUPYTER_PATH", "").split(os.pathsep) if p and p != ours]
        if jupyter_path:
            env["JUPYTER_PATH"] = os.pathsep.join(jupyter_path)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        pid = await request_kernel(socket_path, cmd[3:], env, cwd, stderr)
        self.process = ForkedKernel(pid)
        self.pid = self.pgid = pid  # the kernel leads its own session
        self.cwd = cwd
        self.shutting_down = False
        return self.connection_info

    async def shutdown_requested(self, restart: bool = False) -> None:
        self.shutting_down = True

    async def poll(self) -> int | None:
        # A kernel exits within milliseconds of a shutdown request, and the kernel manager looks every 0.1 s: once
        # asked to shut down, wait here for the exit (up to that long), so the manager sees it at its first look.
        if self.shutting_down and self.process:
            deadline = time.monotonic() + EXIT_WAIT_SECONDS
            while self.process.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(EXIT_POLL_SECONDS)
        return await super().poll()


class PromptKernelClient(AsyncKernelClient):
    """jupyter_client's asynchronous client, ready as soon as the kernel answers: its own `wait_for_ready` then
    waits for 0.2 s of silence on iopub to drop the kernel's start-up messages, which nbclient ignores anyway (it
    reads only the replies to its own requests). Only public methods are used."""

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
                    return
                except Empty:
                    pass
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")


class ForkedKernelManager(AsyncKernelManager):
    """The kernel manager papermill is given for forked kernels (its documented `kernel_manager_class`): the stock
    one, with the prompt client."""

    client_factory = Type(PromptKernelClient, klass=AsyncKernelClient)
