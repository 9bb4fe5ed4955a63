"`trajrep extract` as a user runs it: from a checkpoint to a trajectories file that loads and matches the dataset."
import numpy as np
from conftest import TINY_TRAIN
from trajrep.data import load_dataset
from trajrep.trajectories import load_trajectories


def test_extract_writes_a_valid_trajectories_file(tmp_path, trajrep):
    assert trajrep('train', *TINY_TRAIN, '--out', tmp_path/'run', timeout=300).returncode == 0
    r = trajrep('extract', tmp_path/'run'/'checkpoint.pt', '--grid', 5, '--no-progress', timeout=300)
    assert r.returncode == 0, r.stderr
    traj = load_trajectories(tmp_path/'run'/'trajectories.npz')
    assert traj.z.shape == (64, 6, 4) and np.allclose(traj.t, np.arange(6) / 5)  # 48 + 16 images, grid 5, latent 4
    assert (traj.split == 0).sum() == 48
    assert list(traj.tasks) == list(load_dataset('shapes', n_train=48, n_test=16, size=16).tasks)
    r = trajrep('extract', tmp_path/'run'/'checkpoint.pt', '--times', '0.1,0.3', '--out', tmp_path/'two.npz',
                '--no-progress', timeout=300)
    assert r.returncode == 0 and np.allclose(load_trajectories(tmp_path/'two.npz').t, [0.1, 0.3])


def test_extract_bad_input(tmp_path, trajrep):
    for args, words in [((tmp_path/'missing.pt',), 'does not exist'), ((tmp_path,), 'does not exist or is not a file')]:
        r = trajrep('extract', *args, '--out', tmp_path/'t.npz', timeout=300)
        assert r.returncode == 2 and words in r.stderr and 'Traceback' not in r.stderr, r.stderr
    (tmp_path/'junk.pt').write_text('hello')
    r = trajrep('extract', tmp_path/'junk.pt', '--out', tmp_path/'t.npz', timeout=300)
    assert r.returncode == 2 and 'cannot be read' in r.stderr
    assert not (tmp_path/'t.npz').exists()
