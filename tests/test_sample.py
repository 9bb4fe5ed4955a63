"`trajrep sample` and `trajrep likelihood` as a user runs them: on a tiny trained checkpoint, their files and errors."
import json
import numpy as np
import pytest
from conftest import TINY_TRAIN
from test_cli import one_clear_sentence
from trajrep.train import load_checkpoint


@pytest.fixture(scope='module')
def checkpoints(tmp_path_factory):
    "Tiny drl and ae checkpoints (two steps each: the files and errors are tested here, not the samples' quality)."
    from conftest import run_trajrep
    root = tmp_path_factory.mktemp('sample')
    for mode in ('drl', 'ae'): run_trajrep('train', *TINY_TRAIN, '--mode', mode, '--out', root/mode, check=True)
    return root


def test_sample_writes_the_documented_file(checkpoints, trajrep):
    out = checkpoints/'samples'
    trajrep('sample', checkpoints/'drl'/'checkpoint.pt', '--images', '3', '--per-image', '2', '--steps', '5',
            '--code-t', '0.7', '--generator-steps', '0', '--out', out, '--no-progress', check=True)
    s = np.load(out/'samples.npz')
    assert s['x'].shape == (6, 3, 16, 16) and s['x'].dtype == np.float32 and 0 <= s['x'].min() <= s['x'].max() <= 1
    assert s['z'].shape == (6, 4) and s['z'].dtype == np.float32
    assert s['source'].dtype == np.int64 and s['source'].tolist() == [0, 0, 1, 1, 2, 2]
    assert s['code_t'].dtype == np.float32 and np.allclose(s['code_t'], 0.7)
    assert (out/'samples.png').read_bytes()[:4] == b'\x89PNG'


def test_sample_swap_and_ode(checkpoints, trajrep):
    out = checkpoints/'swap'
    trajrep('sample', checkpoints/'drl'/'checkpoint.pt', '--kind', 'swap', '--images', '2', '--sampler', 'heun',
            '--steps', '4', '--generator-steps', '0', '--out', out, '--no-progress', check=True)
    s = np.load(out/'samples.npz')
    assert s['source'].tolist() == [0, 1, 0, 1] and s['start_source'].tolist() == [0, 0, 1, 1]
    assert np.allclose(s['t_start'], 0.3)


def test_likelihood_writes_bits_per_dim(checkpoints, trajrep):
    out = checkpoints/'lik'
    r = trajrep('likelihood', checkpoints/'drl'/'checkpoint.pt', '--images', '3', '--rtol', '1e-3', '--atol', '1e-3',
                '--out', out, '--no-progress', check=True)
    lik = json.loads((out/'likelihood.json').read_text())
    assert set(lik['bpd']) == {'own', 'zero'} and lik['images'] == 3 and lik['dims'] == 3 * 16 * 16
    for v in lik['bpd'].values(): assert np.isfinite(v['mean']) and v['se'] >= 0 and len(v['per_image']) == 3
    assert 'bits/dim' in r.stdout


def test_sample_bad_input_gets_one_sentence(checkpoints, trajrep):
    drl, ae = checkpoints/'drl'/'checkpoint.pt', checkpoints/'ae'/'checkpoint.pt'
    one_clear_sentence(trajrep('sample', ae, '--out', checkpoints/'bad'), 'decoder, not a score network')
    one_clear_sentence(trajrep('sample', drl, '--kind', 'prior', '--out', checkpoints/'bad'), 'need a vdrl model')
    one_clear_sentence(trajrep('sample', drl, '--kind', 'grid', '--out', checkpoints/'bad'), '--latent 2')
    one_clear_sentence(trajrep('sample', drl, '--code-t', '2', '--out', checkpoints/'bad'), 'code_t', '2')
    one_clear_sentence(trajrep('sample', drl, '--images', '100', '--out', checkpoints/'bad'), 'needs 100 test images')
    one_clear_sentence(trajrep('likelihood', ae, '--out', checkpoints/'bad'), 'decoder, not a score network')
    one_clear_sentence(trajrep('sample', checkpoints/'missing.pt'), 'does not exist')
    one_clear_sentence(trajrep('sample', drl, '--generator-steps', '-1', '--out', checkpoints/'bad'),
                       '--generator-steps', '-1')
    assert not (checkpoints/'bad').exists()
    assert not list(drl.parent.glob('generator_t*'))  # the bad requests failed before any tuning


def test_sample_from_drl_loss_draws_with_its_generator(checkpoints, trajrep, tmp_path):
    """DRL's loss does not teach its network to generate from z: `trajrep sample` draws with a generator tuned from the
    checkpoint for the codes asked for, tuned once, then reused; with --generator-steps 0, its own network and a note
    whose command makes the very generator `trajrep sample` tunes."""
    drl = tmp_path/'drl'/'checkpoint.pt'
    drl.parent.mkdir(); drl.write_bytes((checkpoints/'drl'/'checkpoint.pt').read_bytes())
    draw = lambda *more: trajrep('sample', drl, '--images', '1', '--per-image', '1', '--steps', '2', *more,
                                 '--out', tmp_path/'out', '--no-progress', check=True)
    gen = drl.parent/'generator_t0.3'/'checkpoint.pt'
    assert f'drawn by {gen}' in draw('--code-t', '0.3', '--generator-steps', '2').stderr
    tuned = load_checkpoint(gen)  # a generator for the codes at t = 0.3 ...
    assert tuned['config']['freeze_encoder'] and tuned['config']['place_map'] and tuned['config']['code_t'] == 0.3
    assert tuned['step'] == 2 and tuned['config']['init'] == str(drl)
    assert np.allclose(np.load(tmp_path/'out'/'samples.npz')['code_t'], 0.3)
    before = gen.stat().st_mtime_ns
    assert 'tuning' not in draw('--code-t', '0.3', '--generator-steps', '2').stderr  # ... reused, not tuned again
    assert gen.stat().st_mtime_ns == before
    draw('--code-t', '0.3', '--generator-steps', '4')  # asked for more steps: tuned on
    assert load_checkpoint(gen)['step'] == 4
    note = draw('--generator-steps', '0').stderr  # its own network: the note, and the command that tunes by hand
    assert f"drawn by {drl}'s own network" in note and f'--init {drl} --freeze-encoder --weighting edm' in note
    hinted = note.split('trajrep train ')[1].split(')')[0].split()  # as a user pastes it, but of 2 steps
    trajrep('train', *hinted, '--steps', '2', check=True)
    hand = drl.parent/'generator_t0.5'/'checkpoint.pt'
    before = hand.stat().st_mtime_ns
    assert f'drawn by {hand}' in draw('--generator-steps', '2').stderr  # the hand-made one is the one sample makes
    assert hand.stat().st_mtime_ns == before
    r = trajrep('sample', hand, '--images', '1', '--per-image', '1', '--steps', '2', '--out', tmp_path/'out',
                '--no-progress', check=True)
    assert 'note:' not in r.stderr and 'drawn by' not in r.stderr  # a generator draws with its own network


def test_sample_tunes_its_generator_on_the_data_where_it_is_now(trajrep, tmp_path):
    "A DRL checkpoint whose dataset's files have moved: `trajrep sample --root` tunes (and draws) from where they are."
    from trajrep.data import write_cifar
    rng = np.random.default_rng(0)
    write_cifar(tmp_path/'was', *[(rng.integers(0, 256, (n, 3, 32, 32), dtype=np.uint8), rng.integers(0, 10, n))
                                  for n in (40, 16)])
    trajrep('train', *TINY_TRAIN, '--dataset', 'cifar10', '--root', tmp_path/'was', '--n-train', '40',
            '--out', tmp_path/'drl', check=True)
    (tmp_path/'was').rename(tmp_path/'now')
    draw = lambda *more, **kw: trajrep('sample', tmp_path/'drl'/'checkpoint.pt', '--images', '1', '--per-image', '1',
                                       '--steps', '2', '--generator-steps', '2', '--no-progress', *more, **kw)
    one_clear_sentence(draw(), 'was')  # the files are not where the checkpoint says
    draw('--root', tmp_path/'now', check=True)
    assert load_checkpoint(tmp_path/'drl'/'generator_t0.5'/'checkpoint.pt')['config']['root'] == str(tmp_path/'now')


def test_sample_from_a_one_time_generator(checkpoints, trajrep):
    "A generator tuned on the codes of one time (`--code-t`) draws from that time's codes, or from another's mapped to "
    "them."
    drl, gen = checkpoints/'drl'/'checkpoint.pt', checkpoints/'one_time'
    tune = ('train', *TINY_TRAIN, '--init', drl, '--freeze-encoder', '--weighting', 'edm', '--warmup', '0')
    one_clear_sentence(trajrep(*tune, '--code-t', '1.5', '--out', gen), 'code_t 1.5', '[0, 1]')
    trajrep(*tune, '--code-t', '0.25', '--steps', '2', '--out', gen, check=True)
    assert load_checkpoint(gen/'checkpoint.pt')['config']['code_t'] == 0.25
    for given, expected in ((), 0.25), (('--code-t', '0.7'), 0.7):
        out = checkpoints/f'one_time_{expected}'
        trajrep('sample', gen/'checkpoint.pt', '--images', '1', '--per-image', '1', '--steps', '2', *given,
                '--out', out, '--no-progress', check=True)
        assert np.allclose(np.load(out/'samples.npz')['code_t'], expected)
