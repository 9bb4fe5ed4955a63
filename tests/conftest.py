"""What the integration tests share: running the `trajrep` command as a user does, and the tiny options that make
`trajrep train` and `trajrep run` take seconds. pytest puts tests/ on sys.path, so a test file can write
`from conftest import TINY_TRAIN, TINY_RUN, start_trajrep, interrupt_after`; `trajrep` is a fixture."""
import json, signal, subprocess, time
import pytest

# `trajrep train` on 48 + 16 images of 16 x 16 pixels, latent size 4, two steps
TINY_TRAIN = ['--n-train', '48', '--n-test', '16', '--size', '16', '--latent', '4', '--batch-size', '8', '--steps', '2',
              '--warmup', '1', '--device', 'cpu', '--no-progress']
# the whole study, `trajrep run`, on 160 + 80 images: six training steps, three time points, short probes and MINE, two
# images decoded in two steps by a generator tuned for two
TINY_RUN = ['--n-train', '160', '--n-test', '80', '--steps', '6', '--grid', '2', '--latent', '8', '--probe-steps', '10',
            '--probe-eval-every', '5',
            '--mine-steps', '20', '--decoded', '2', '--decoded-steps', '2', '--decoded-classifier-steps', '2',
            '--generator-steps', '2', '--device', 'cpu',
            '--no-progress']


def run_trajrep(*args, cwd=None, timeout=600, launcher=(), check=False) -> subprocess.CompletedProcess:
    """`trajrep ARGS` in a process of its own (started by `launcher`, e.g. torchrun, when given), its output as text.
    `check`: fail the test, showing what it printed, unless it exits with 0."""
    r = subprocess.run([*map(str, launcher), 'trajrep', *map(str, args)], capture_output=True, text=True, cwd=cwd,
                       timeout=timeout)
    if check: assert r.returncode == 0, r.stdout + r.stderr
    return r


@pytest.fixture
def trajrep():
    "`run_trajrep`: `trajrep(*args, cwd=None, timeout=600, launcher=(), check=False)` runs the command and waits."
    return run_trajrep


def default_sigint():
    """Run in a child before it starts: Ctrl-C (SIGINT) back to its default. A shell without job control starts a
    background job with SIGINT ignored, every child inherits that, and Python then installs no KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_trajrep(*args, **popen_options) -> subprocess.Popen:
    "`trajrep ARGS` started and not waited for, with SIGINT at its default, so that `send_signal(SIGINT)` is a Ctrl-C."
    return subprocess.Popen(['trajrep', *map(str, args)], preexec_fn=default_sigint, **popen_options)


def stage_recorded(run, stage) -> bool:
    "Whether `run/run.json` records the seconds of `stage`: the stage finished, and its end was written."
    try: return stage in json.loads((run/'run.json').read_text())['seconds']
    except (OSError, ValueError, KeyError): return False


def interrupt_after(p:subprocess.Popen, run, stage:str, timeout:float=300) -> tuple[str, str]:
    """Ctrl-C (SIGINT) the `trajrep run` of `p` into `run` once it has recorded `stage` as finished; what it printed.
    Waiting for run.json, not for the stage's output file, leaves no moment between the two for the signal to fall in
    (a Ctrl-C right after trajectories.npz appeared and before run.json said so lost the extract stage's seconds)."""
    deadline = time.time() + timeout
    while not stage_recorded(run, stage) and p.poll() is None and time.time() < deadline: time.sleep(0.2)
    p.send_signal(signal.SIGINT)
    return p.communicate(timeout=120)
