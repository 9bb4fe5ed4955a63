"""Interruptions and determinism: `trajrep train` killed with SIGKILL at random moments and resumed ends with the
parameters of an uninterrupted run; a kill during a checkpoint write leaves the previous checkpoint valid;
`trajrep run` killed mid-stage and restarted ends with the numbers of an uninterrupted run; the same command twice
gives the same files."""
import json, random, signal, subprocess, sys, time
import numpy as np
from conftest import TINY_RUN, start_trajrep
from trajrep.train import load_checkpoint, max_param_difference

TRAIN = ['--n-train', '64', '--n-test', '16', '--size', '16', '--latent', '8', '--batch-size', '8', '--warmup', '2',
         '--steps', '150', '--checkpoint-every', '7', '--eval-every', '50', '--device', 'cpu', '--no-progress']
RUN = [*TINY_RUN, '--label-efficiency', '2', '--granularity', '2']


def wait_for(condition, p, timeout=300):
    deadline = time.time() + timeout
    while not condition() and p.poll() is None and time.time() < deadline: time.sleep(0.01)


def test_train_killed_at_random_moments_resumes_to_the_same_parameters(tmp_path, trajrep):
    whole, cut = tmp_path/'whole', tmp_path/'cut'
    assert trajrep('train', *TRAIN, '--out', whole).returncode == 0
    rng, kills, log = random.Random(8), 0, cut/'metrics.jsonl'
    while True:
        resume = ['--resume'] if (cut/'checkpoint.pt').exists() else []
        p = start_trajrep('train', *TRAIN, *resume, '--out', cut, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kills == 4: break  # four kills, then let it finish
        steps_logged = len(log.read_text().splitlines()) if log.exists() else 0
        wait_for(lambda: log.exists() and len(log.read_text().splitlines()) > steps_logged, p)  # steps are being taken
        time.sleep(rng.uniform(0, 0.5))  # a random moment: in a step, between steps, or in a checkpoint write
        assert p.poll() is None, 'the run finished before it was killed'
        p.send_signal(signal.SIGKILL); p.wait(); kills += 1
        if (cut/'checkpoint.pt').exists(): load_checkpoint(cut/'checkpoint.pt')  # always readable
    assert p.wait(timeout=600) == 0
    ends = load_checkpoint(whole/'checkpoint.pt'), load_checkpoint(cut/'checkpoint.pt')
    for which in ('model', 'ema'): assert max_param_difference(ends[0][which], ends[1][which]) == 0.0, which


WRITE_BIG_CHECKPOINT = """
import sys, torch
from trajrep.train import load_checkpoint, save_checkpoint
ckpt = load_checkpoint(sys.argv[1])
ckpt['model']['extra'] = torch.zeros(100_000_000)  # 400 MB: long enough a write to be killed in the middle of
save_checkpoint(sys.argv[1], **{**ckpt, 'step': ckpt['step'] + 1})
"""


def test_a_kill_during_a_checkpoint_write_leaves_the_previous_one(tmp_path, trajrep):
    run = tmp_path/'run'
    assert trajrep('train', *TRAIN, '--steps', '10', '--out', run).returncode == 0
    p = subprocess.Popen([sys.executable, '-c', WRITE_BIG_CHECKPOINT, run/'checkpoint.pt'])
    wait_for(lambda: any(f.stat().st_size > 1_000_000 for f in run.glob('.checkpoint.pt.*.tmp')), p)  # half written
    assert p.poll() is None, 'the write finished before it could be interrupted'
    p.send_signal(signal.SIGKILL); p.wait()
    assert list(run.glob('.checkpoint.pt.*.tmp'))  # the killed write's temporary file ...
    assert load_checkpoint(run/'checkpoint.pt')['step'] == 10  # ... and the previous checkpoint, whole
    r = trajrep('train', *TRAIN, '--steps', '14', '--resume', '--out', run)
    assert r.returncode == 0, r.stderr
    assert load_checkpoint(run/'checkpoint.pt')['step'] == 14 and not list(run.glob('.*.tmp'))  # resumed, cleaned up


def without_seconds(x):
    if isinstance(x, dict): return {k: without_seconds(v) for k, v in x.items() if k not in ('seconds', 'versions')}
    if isinstance(x, list): return [without_seconds(v) for v in x]
    return x


def test_run_killed_mid_stage_ends_with_the_numbers_of_an_uninterrupted_run(tmp_path, trajrep):
    whole, cut = tmp_path/'whole', tmp_path/'cut'
    r = trajrep('run', *RUN, '--out', whole, timeout=900)
    assert r.returncode == 0, r.stderr
    for stage_file in ('checkpoint.pt', 'probes.json'):  # killed during training's first steps, then during MI
        p = start_trajrep('run', *RUN, '--out', cut, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: (cut/stage_file).exists(), p, timeout=600)
        p.send_signal(signal.SIGKILL); p.wait()
    r = trajrep('run', *RUN, '--out', cut, timeout=900)
    assert r.returncode == 0 and 'done before' in r.stdout, r.stdout + r.stderr
    def metrics(run): return without_seconds(json.loads((run/'metrics.json').read_text()))
    assert metrics(cut) == metrics(whole)
    # the same command twice gives the same files, byte for byte
    for name in ('probes.json', 'mi.json', 'attention.json'):
        assert (cut/name).read_bytes() == (whole/name).read_bytes(), name
    a, b = np.load(cut/'trajectories.npz'), np.load(whole/'trajectories.npz')
    assert all(np.array_equal(a[k], b[k]) for k in a.files)
