"`trajrep train` as a user runs it: several processes with torchrun, resuming from the command line, clear errors."
import json, shutil
import pytest
from trajrep.train import load_checkpoint, max_param_difference

TINY = ['--n-train', '64', '--n-test', '16', '--size', '16', '--latent', '8', '--batch-size', '8', '--warmup', '2',
        '--eval-every', '100', '--device', 'cpu', '--no-progress']


def params(folder, which='model'):
    return load_checkpoint(folder/'checkpoint.pt')[which]


def test_two_processes_match_one_over_the_same_global_batch(tmp_path, trajrep):
    # in float32: bfloat16 autocast (the default on a CPU with AMX) rounds each process's half batch its own way
    exact = [*TINY, '--precision', 'float32']
    trajrep('train', *exact, '--steps', '3', '--out', str(tmp_path/'one'), check=True)
    trajrep('train', *exact, '--steps', '3', '--out', str(tmp_path/'two'), check=True,
            launcher=(shutil.which('torchrun'), '--standalone', '--nproc_per_node', '2', '--no-python'))
    # the processes did train: the weights moved from their initial values by up to steps x lr (Adam)
    trajrep('train', *TINY, '--steps', '1', '--lr', '1e-12', '--out', str(tmp_path/'still'), check=True)
    moved = max_param_difference(params(tmp_path/'one'), params(tmp_path/'still'))
    assert moved > 1e-3
    # and the same: the gradients differ by the order of a float sum, which Adam turns into steps of up to lr where a
    # gradient is near zero, so the tolerance is a small part of how far the weights moved (measured: 5.8e-5 of 5.0e-3)
    assert max_param_difference(params(tmp_path/'one'), params(tmp_path/'two')) < 0.02 * moved
    assert max_param_difference(params(tmp_path/'one', 'ema'), params(tmp_path/'two', 'ema')) < 0.02 * moved


def test_resume_from_the_command_line_keeps_the_configuration(tmp_path, trajrep):
    trajrep('train', *TINY, '--mode', 'vdrl', '--steps', '8', '--out', str(tmp_path/'straight'), check=True)
    trajrep('train', *TINY, '--mode', 'vdrl', '--steps', '4', '--out', str(tmp_path/'resumed'), check=True)
    trajrep('train', '--resume', '--steps', '8', '--no-progress', '--out', str(tmp_path/'resumed'), check=True)
    assert load_checkpoint(tmp_path/'resumed'/'checkpoint.pt')['config']['mode'] == 'vdrl'
    assert max_param_difference(params(tmp_path/'straight'), params(tmp_path/'resumed')) < 1e-6


@pytest.mark.parametrize('mode', ['ae', 'vae'])
def test_baselines_train(tmp_path, trajrep, mode):
    r = trajrep('train', *TINY, '--mode', mode, '--steps', '2', '--out', str(tmp_path/mode), check=True)
    assert 'held-out loss' in r.stdout
    assert json.loads((tmp_path/mode/'config.json').read_text())['mode'] == mode


@pytest.mark.parametrize('args, words', [
    (['--mode', 'gan'], ['invalid choice']),
    (['--latent', '0'], ['Latent size 0']),
    (['--steps', '0'], ['steps must be a positive integer, got 0']),
    (['--size', '18'], ['Image size 18 does not fit']),
    (['--device', 'tpu'], ["Unknown device 'tpu'"]),
    (['--resume'], ['does not exist']),
])
def test_bad_options_get_one_sentence(tmp_path, trajrep, args, words):
    r = trajrep('train', *TINY, '--steps', '2', *args, '--out', str(tmp_path/'run'), timeout=300)
    assert r.returncode == 2 and 'Traceback' not in r.stderr, r.stderr
    for w in words: assert w in r.stderr, r.stderr
    assert not (tmp_path/'run'/'checkpoint.pt').exists()
