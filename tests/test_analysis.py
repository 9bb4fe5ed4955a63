"`trajrep mi` and `trajrep attention` as a user runs them, on trajectories files that no one in the project made."
import json, math
import numpy as np
from trajrep.probes import planted_trajectories


def save_by_hand(path, z, t, y, tasks, n_classes, split):
    np.savez(path, z=z, t=t, y=y, tasks=tasks, n_classes=n_classes, split=split)
    return path


def test_mi_gives_back_gaussian_mi_and_a_symmetric_matrix(tmp_path, trajrep):
    # three time points: z1 = rho z0 + noise (I = -log(1 - rho^2) in d = 2), z2 independent of both
    rng, n, rho = np.random.default_rng(3), 4000, 0.8
    z0 = rng.normal(size=(n, 2))
    z1 = rho * z0 + math.sqrt(1 - rho**2) * rng.normal(size=(n, 2))
    z = np.stack([z0, z1, rng.normal(size=(n, 2))], 1).astype(np.float32)
    f = save_by_hand(tmp_path/'g.npz', z, np.array([0.0, 0.5, 1.0]), rng.integers(0, 2, (n, 1)), np.array(['coin']),
                     np.array([2]), (np.arange(n) >= 3000).astype(np.int8))
    r = trajrep('mi', f, '--out', tmp_path/'out', '--device', 'cpu', '--no-progress')
    assert r.returncode == 0, r.stderr
    res = json.loads((tmp_path/'out'/'mi.json').read_text())
    mi, nmi, true = np.array(res['mi']), np.array(res['nmi']), -math.log(1 - rho**2)
    assert res['estimator'] == 'mine' and res['t'] == [0.0, 0.5, 1.0]
    assert np.array_equal(mi, mi.T) and np.allclose(np.diag(nmi), 1)
    assert abs(mi[0, 1] - true) <= 0.05 + 0.1 * true  # the tolerance 11_mine states
    assert abs(mi[0, 2]) < 0.05 and abs(mi[1, 2]) < 0.05
    assert abs(np.array(res['cross_check']['mi'])[0, 1] - true) < 0.1  # KSG in two dimensions
    assert (tmp_path/'out'/'mi.png').exists() and (tmp_path/'out'/'mi_decay.png').exists()


def test_attention_peaks_where_the_information_was_written(tmp_path, trajrep):
    # the label of 'at_t3' is written into one point; put that point at t = 0.8 of a 6-point grid
    p = planted_trajectories(n=1500, T=6)
    order = [0, 1, 2, 4, 3, 5]
    f = save_by_hand(tmp_path/'p.npz', p.z[:, order], np.linspace(0, 1, 6), p.y[:, :1], p.tasks[:1], p.n_classes[:1],
                     p.split)
    r = trajrep('attention', f, '--out', tmp_path, '--mask', '0.8', '--mask', '0,0.2', '--retrain', '--steps', '600',
                '--lrs', '0.003', '--seeds', '2', '--device', 'cpu', '--no-progress')
    assert r.returncode == 0, r.stderr
    res = json.loads((tmp_path/'attention.json').read_text())
    prof = res['tasks']['at_t3']
    assert int(np.argmax(prof['weight'])) == 4 and math.isclose(sum(prof['weight']), 1, abs_tol=1e-4)
    assert len(prof['weight_std']) == 6 and res['jsd'] == [[0.0]]
    hide_peak, hide_other = res['ablation']['at_t3']
    assert hide_peak['masked_t'] == [0.8]
    assert hide_peak['retrained_change'] < -0.5 and hide_peak['reevaluated_change'] < -0.5
    assert abs(hide_other['retrained_change']) < 0.05
    for name in ('attention.png', 'attention_jsd.png', 'attention_ablation.png'): assert (tmp_path/name).exists()


def test_analysis_mistakes_get_one_sentence(tmp_path, trajrep):
    p = planted_trajectories(n=200)
    f = save_by_hand(tmp_path/'p.npz', p.z, p.t, p.y, p.tasks, p.n_classes, p.split)
    cases = [(['attention', f, '--mask', '0.55'], '0.55 is not on'),
             (['attention', f, '--mask', ','.join(f'{v:g}' for v in p.t)], 'leaves no time point'),
             (['attention', f, '--mask', 'late'], "'late' are not valid"),
             (['mi', tmp_path/'none.npz'], 'does not exist'),
             (['mi', f, '--steps', '0'], 'steps'),
             (['mi', f, '--k', '0'], 'ksg_k')]
    for args, words in cases:
        r = trajrep(*args, '--out', tmp_path/'out', '--no-progress')
        assert r.returncode == 2 and words in r.stderr and 'Traceback' not in r.stderr, (args, r.stderr)
    assert not (tmp_path/'out').exists()
