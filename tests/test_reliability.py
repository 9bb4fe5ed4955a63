"""Reliability: bad input to any subcommand gets exit status 2, one sentence that names the bad value, no traceback and
no file written; the trajectories validator accepts a valid file or raises its clear error, whatever it is given."""
import io, zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra import numpy as hnp
from conftest import TINY_TRAIN
from trajrep.cli import main
from trajrep.core import TrajrepError
from trajrep.probes import planted_trajectories
from trajrep.train import TrainConfig, save_checkpoint
from trajrep.trajectories import KEYS, Trajectories, load_trajectories, save_trajectories

N_CLASSES = planted_trajectories(n=60, T=7, d=3).n_classes  # of the good file in bad_files: 'at_t3' 4, 'xor' 2


def bad_files(root: Path) -> dict:
    "Every kind of bad input file, beside a good trajectories file; name -> path."
    root.mkdir(parents=True, exist_ok=True)
    good = planted_trajectories(n=60, T=7, d=3)
    arrays = {k: getattr(good, k) for k in KEYS}
    f = {'missing': root/'missing.npz', 'folder': root/'a_folder', 'text': root/'notes.txt', 'good': root/'good.npz'}
    f['folder'].mkdir()
    f['text'].write_text('these are not trajectories\n')
    save_trajectories(good, f['good'])
    f['truncated'] = root/'truncated.npz'; f['truncated'].write_bytes(f['good'].read_bytes()[:700])
    def variant(name, **changes):
        f[name] = root/f'{name}.npz'
        np.savez(f[name], **{k: v for k, v in {**arrays, **changes}.items() if v is not None})
    z_nan, z_inf, y_big, y_neg = arrays['z'].copy(), arrays['z'].copy(), arrays['y'].copy(), arrays['y'].copy()
    z_nan[3, 2, 1], z_inf[0, 0, 0], y_big[5, 0], y_neg[7, 1] = np.nan, np.inf, N_CLASSES[0], -1
    variant('nan', z=z_nan); variant('inf', z=z_inf); variant('flat', z=arrays['z'][:, :, 0])
    variant('label_too_big', y=y_big); variant('label_negative', y=y_neg); variant('no_split', split=None)
    variant('bad_split', split=np.full(60, 2, np.int8)); variant('times_backwards', t=arrays['t'][::-1].copy())
    variant('all_train', split=np.zeros(60, np.int8))
    f['ckpt_truncated'] = root/'truncated.pt'
    buf = io.BytesIO(); torch.save({'model': torch.zeros(1000)}, buf)
    f['ckpt_truncated'].write_bytes(buf.getvalue()[:300])
    f['ckpt_foreign'] = root/'foreign.pt'; torch.save({'weights': torch.zeros(3)}, f['ckpt_foreign'])
    f['ckpt_zip'] = root/'other.pt'
    with zipfile.ZipFile(f['ckpt_zip'], 'w') as z: z.writestr('hello.txt', 'not a checkpoint')
    f['other_run'] = root/'other_run'; f['other_run'].mkdir()
    (f['other_run']/'checkpoint.pt').write_bytes(f['ckpt_foreign'].read_bytes())
    f['out'] = root/'out'
    return f


TRAJECTORY_FILES = {
    'missing': 'does not exist', 'folder': 'not a file', 'text': 'not a readable .npz',
    'truncated': 'not a readable .npz', 'nan': 'non-finite', 'inf': 'non-finite', 'flat': "key 'z'",
    'label_too_big': f'outside 0..{N_CLASSES[0] - 1}', 'label_negative': f'outside 0..{N_CLASSES[1] - 1}',
    'no_split': "lacks the key 'split'", 'bad_split': "key 'split'", 'times_backwards': 'strictly increasing',
    'all_train': 'at least one image as train'}
CHECKPOINTS = {'missing': 'does not exist', 'folder': 'not a file', 'text': 'cannot be read',
               'ckpt_truncated': 'cannot be read', 'ckpt_zip': 'cannot be read',
               'ckpt_foreign': 'not a trajrep checkpoint'}
no_cuda = [] if torch.cuda.is_available() else [(['--device', 'cuda'], ['no CUDA GPU'])]

CASES = (
    [([cmd, '{%s}' % name, '--out', '{out}'], [words])
     for cmd in ('probe', 'mi', 'attention') for name, words in TRAJECTORY_FILES.items()]
    + [(['extract', '{%s}' % name, '--out', '{out}/t.npz'], [words]) for name, words in CHECKPOINTS.items()]
    + [(['report', '{missing}'], ['does not exist']), (['report', '{text}'], ['does not exist']),
       (['bench', '--run', '{folder}', '--out', '{out}'], ['no run.json'])]
    + [(['data', *a, '--out', '{out}'], w) for a, w in [
        (['--dataset', 'imagenet'], ["invalid choice: 'imagenet'"]), (['--n-train', '0'], ['n_train', '0']),
        (['--n-test', '-4'], ['n_test', '-4']), (['--size', '7'], ['size 7']),
        (['--dataset', 'cifar10', '--root', '{missing}'], ['missing', 'does not exist']),
        (['--dataset', 'cifar10', '--root', '{text}'], ['notes.txt']), (['--seed', '-1'], ['Seed -1']),
        (['--n-train', 'many'], ["invalid int value: 'many'"])]]
    + [(['train', *a, '--out', '{out}'], w) for a, w in [
        (['--steps', '0'], ['steps', '0']), (['--steps', '-5'], ['steps', '-5']),
        (['--latent', '0'], ['Latent size 0']), (['--batch-size', '0'], ['batch_size', '0']),
        (['--lr', '-1'], ['lr', '-1']), (['--lr', 'nan'], ['lr', 'nan']),
        (['--mode', 'gan'], ["invalid choice: 'gan'"]), (['--device', 'tpu'], ["'tpu'"]),
        (['--device', 'cuda:7x'], ["'cuda:7x'"]), (['--ema', '1.5'], ['ema', '1.5']),
        (['--dataset', 'nope'], ["invalid choice: 'nope'"]), (['--resume'], ['does not exist'])] + no_cuda]
    + [(['train', '--steps', '2', '--out', '{text}'], ['notes.txt', 'is a file']),
       (['train', '--out', '{other_run}'], ['other_run', 'already holds a run'])]
    + [(['extract', '{ckpt_foreign}', *a, '--out', '{out}/t.npz'], w) for a, w in [
        (['--grid', '0'], ['Grid 0']), (['--grid', '-3'], ['Grid -3']),
        (['--times', '0.5,0.2'], ['strictly increasing']), (['--times', '0.2,1.5'], ['1.5']),
        (['--times', 'a,b'], ["'a,b'"])]]
    + [(['probe', '{good}', *a, '--out', '{out}'], w) for a, w in [
        (['--steps', '0'], ['steps', '0']), (['--patience', '-1'], ['patience', '-1']), (['--lrs=-1e-3'], ['-0.001']),
        (['--probes', 'mlp,svm'], ["'svm'"]),
        (['--seeds', '0'], ['seeds', '0']), (['--label-efficiency', '0'], ['label count', '0']),
        (['--granularity', '9'], ['9 points']), (['--label-efficiency', '500'], ['500 images per class'])]]
    + [(['mi', '{good}', *a, '--out', '{out}'], w) for a, w in [
        (['--steps', '0'], ['steps', '0']), (['--k', '0'], ['ksg_k', '0']),
        (['--estimator', 'histogram'], ["invalid choice: 'histogram'"]),
        (['--batch-size', '-1'], ['batch_size', '-1']), (['--lr', '0'], ['lr', '0'])]]
    + [(['attention', '{good}', *a, '--out', '{out}'], w) for a, w in [
        (['--mask', '0.33'], ['0.33']), (['--mask', 'late'], ["'late'"]),
        (['--eval-every', '-1'], ['eval_every', '-1'])]]
    + [(['run', *a, '--out', '{out}'], w) for a, w in [
        (['--steps', '0'], ['steps', '0']), (['--grid', '0'], ['grid', '0']), (['--latent', '0'], ['Latent size 0']),
        (['--dataset', 'imagenet'], ["invalid choice: 'imagenet'"]), (['--device', 'tpu'], ["'tpu'"]),
        (['--mine-steps', '0'], ['--mine-', 'steps', '0']), (['--label-efficiency', 'ten'], ["'ten'"])]]
    + [(['run', '--out', '{text}'], ['notes.txt', 'is a file'])]
)


def files_under(root: Path) -> dict:
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob('*')}


@pytest.mark.parametrize('argv,words', CASES, ids=[' '.join(a) for a, _ in CASES])
def test_bad_input_gets_one_sentence_exit_2_and_no_file(tmp_path, argv, words):
    f = bad_files(tmp_path/'in')
    argv = [a.format(**f) for a in argv]
    before, err = files_under(tmp_path), io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        try: code = main(argv)
        except SystemExit as e: code = e.code  # argparse's usage errors
    err = err.getvalue()
    assert code == 2, (code, err)
    assert 'Traceback' not in err and err.strip().count('\n') == 0, err
    for w in words: assert w.format(**f) in err, (w, err)
    assert files_under(tmp_path) == before  # nothing written, nothing changed


def test_a_run_folder_of_another_study_is_left_alone(tmp_path):
    run = tmp_path/'run'
    cfg = TrainConfig(steps=3, latent=4)
    save_checkpoint(run/'checkpoint.pt', config=cfg.__dict__, step=3, model={}, ema={}, optimizer={}, rng={}, data={})
    before, err = files_under(tmp_path), io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()): code = main(['run', '--out', str(run), '--no-progress'])
    err = err.getvalue()
    assert code == 2 and 'another configuration' in err and f'latent: 4 -> {TrainConfig().latent}' in err, err
    assert files_under(tmp_path) == before


# Random malformed arrays for the validator: each key is a valid array, or something else of any shape and type.
def arrays_for(good):
    anything = hnp.arrays(st.sampled_from([np.float32, np.float64, np.int64, np.int8, np.bool_, np.complex64, '<U3']),
                          hnp.array_shapes(min_dims=0, max_dims=3, max_side=4))
    return st.one_of(st.just(good), anything, st.just(None))


GOOD = planted_trajectories(n=12, T=7, d=3)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({k: arrays_for(getattr(GOOD, k)) for k in KEYS}))
def test_the_validator_accepts_or_says_why(tmp_path_factory, arrays):
    path = tmp_path_factory.mktemp('npz')/'random.npz'
    np.savez(path, **{k: v for k, v in arrays.items() if v is not None})
    try: traj = load_trajectories(path)
    except TrajrepError as e: assert str(path) in str(e) and '\n' not in str(e)
    else:
        assert isinstance(traj, Trajectories) and traj.z.dtype == np.float32 and np.isfinite(traj.z).all()
        assert ((traj.y >= 0) & (traj.y < traj.n_classes)).all() and set(np.unique(traj.split)) == {0, 1}


def test_work_that_cannot_fit_in_memory_says_what_to_lower(tmp_path):
    run = tmp_path/'run'
    assert main(['train', *TINY_TRAIN, '--out', str(run)]) == 0
    T = 7
    save_trajectories(planted_trajectories(n=40, T=T, d=64), tmp_path/'small.npz')
    for argv, words in [(['extract', str(run/'checkpoint.pt'), '--chunk', str(10**9), '--out', str(tmp_path/'t.npz')],
                         ['GiB', 'lower --chunk']),
                        (['mi', str(tmp_path/'small.npz'), '--batch-size', str(10**9), '--out', str(tmp_path/'mi')],
                         [f'MINE for {T * T} pairs', 'GiB', '--batch-size'])]:
        before, err = files_under(tmp_path), io.StringIO()
        with redirect_stderr(err), redirect_stdout(io.StringIO()): code = main(argv)
        assert code == 2 and err.getvalue().strip().count('\n') == 0, err.getvalue()
        for w in words: assert w in err.getvalue(), (w, err.getvalue())
        assert files_under(tmp_path) == before
