"`trajrep probe` as a user runs it, on a trajectories file that no one in the project made."
import json
import numpy as np
from trajrep.probes import planted_trajectories
from trajrep.trajectories import save_trajectories

FAST = ['--steps', '300', '--lrs', '0.003', '--seeds', '1', '--device', 'cpu', '--no-progress']


def test_probe_finds_the_planted_time_point(tmp_path, trajrep):
    # a file written by hand with numpy, not by trajrep: the label of 'at_t3' lives at t_3 only
    planted = planted_trajectories(n=1500)
    np.savez(tmp_path/'mine.npz', z=planted.z, t=planted.t, y=planted.y, tasks=planted.tasks,
             n_classes=planted.n_classes, split=planted.split)
    r = trajrep('probe', tmp_path/'mine.npz', '--out', tmp_path/'out', '--probes', 'mlp', *FAST)
    assert r.returncode == 0, r.stderr
    res = json.loads((tmp_path/'out'/'probes.json').read_text())
    acc = res['tasks']['at_t3']['mlp']['test_acc']
    assert int(np.argmax(acc)) == 3 and acc[3] > 0.9 and max(np.delete(acc, 3)) < 0.4
    assert (tmp_path/'out'/'probes_at_t3.png').exists() and (tmp_path/'out'/'probes_xor.png').exists()


def test_probe_with_label_efficiency_and_granularity(tmp_path, trajrep):
    save_trajectories(planted_trajectories(n=800), tmp_path/'p.npz')
    r = trajrep('probe', tmp_path/'p.npz', '--label-efficiency', '5,20', '--granularity', '2,7', '--steps', '20',
                '--eval-every', '10', '--lrs', '0.003', '--seeds', '1', '--device', 'cpu', '--no-progress')
    assert r.returncode == 0, r.stderr
    res = json.loads((tmp_path/'probes.json').read_text())
    assert res['label_efficiency']['xor']['n'] == [5, 20] and res['granularity']['xor']['points'] == [2, 7]
    assert set(res['tasks']['xor']) >= {'mlp', 'gru', 'transformer', 'chance'}
    assert (tmp_path/'label_efficiency_xor.png').exists() and (tmp_path/'granularity_at_t3.png').exists()


def test_probe_bad_files_get_one_sentence(tmp_path, trajrep):
    planted = planted_trajectories(n=200)
    np.savez(tmp_path/'nan.npz', z=np.where(planted.z > 2, np.nan, planted.z), t=planted.t, y=planted.y,
             tasks=planted.tasks, n_classes=planted.n_classes, split=planted.split)
    np.savez(tmp_path/'no_t.npz', z=planted.z, y=planted.y, tasks=planted.tasks, n_classes=planted.n_classes,
             split=planted.split)
    (tmp_path/'text.npz').write_text('not an archive')
    for name, words in [('nan.npz', "key 'z' holds"), ('no_t.npz', "lacks the key 't'"),
                        ('text.npz', 'not a readable .npz'), ('none.npz', 'does not exist')]:
        r = trajrep('probe', tmp_path/name, '--out', tmp_path/'out', *FAST)
        assert r.returncode == 2 and words in r.stderr and 'Traceback' not in r.stderr, (name, r.stderr)
    r = trajrep('probe', tmp_path/'none.npz', '--lrs', 'fast')
    assert r.returncode == 2
    assert not (tmp_path/'out').exists()
