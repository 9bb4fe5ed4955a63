"""Where the whole-curve probes' gain over the best single t comes from (10_probes, "What the Transformer lacks"):
for each run folder (one training seed each) and each task, the probes of 10_probes' default protocol trained again on
the best single t's point alone (the t of the run's `probes.json`, picked there on the test accuracy), beside the same
probes on the whole curve from `probes.json`; then, over the folders, paired differences as mean ± SE.

    python tools/one_point.py runs/shapes/seed_0 runs/shapes/seed_1 runs/shapes/seed_2 [--tasks shape foreground]

A probe that reads one point worse than the MLP does can fall below the best single t on the whole curve although the
curve adds to what it reads: the columns tell the two apart.
"""
import argparse, json
from pathlib import Path
import numpy as np
from trajrep.probes import ProbeConfig, probe_task
from trajrep.trajectories import load_trajectories

PROBES = ('mlp', 'gru', 'transformer')


def one_point(run:Path, task:str) -> dict:
    "The task's best single t in `run` and, per probe, its test accuracy on the whole curve and on that point alone."
    r = json.loads((run/'probes.json').read_text())['tasks'][task]
    traj = load_trajectories(run/'trajectories.npz')
    i = int(np.argmax(r['mlp']['test_acc']))
    alone = probe_task(traj.at_times([i]), list(traj.tasks).index(task), ProbeConfig(probes=PROBES))[0]
    curve = {'mlp': r['mlp']['test_acc'][i], 'gru': r['gru']['test_acc'], 'transformer': r['transformer']['test_acc']}
    point = {p: float(np.ravel(alone[p]['test_acc'])[0]) for p in PROBES}
    return {'t': float(traj.t[i]), 'curve': curve, 'point': point}


def mean_se(v) -> str:
    v = np.asarray(v)
    return f"{v.mean():+.3f} ± {v.std(ddof=1) / np.sqrt(len(v)):.3f}" if len(v) > 1 else f"{v[0]:+.3f}"


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('runs', nargs='+', type=Path, help='run folders holding probes.json and trajectories.npz')
    p.add_argument('--tasks', nargs='+', default=['shape', 'foreground'])
    args = p.parse_args()
    for task in args.tasks:
        rows = [one_point(run, task) for run in args.runs]
        for run, r in zip(args.runs, rows):
            print(f"{task}, {run} (best t {r['t']:.1f}): whole curve " +
                  ', '.join(f"{k} {v:.3f}" for k, v in r['curve'].items()) + '; the point alone ' +
                  ', '.join(f"{k} {v:.3f}" for k, v in r['point'].items()))
        gap = lambda a, b: mean_se([r[a[0]][a[1]] - r[b[0]][b[1]] for r in rows])
        print(f"{task}: what the curve adds, Transformer {gap(('curve', 'transformer'), ('point', 'transformer'))}, "
              f"GRU {gap(('curve', 'gru'), ('point', 'gru'))}; on the point alone, Transformer - MLP "
              f"{gap(('point', 'transformer'), ('point', 'mlp'))}, GRU - MLP {gap(('point', 'gru'), ('point', 'mlp'))}",
              flush=True)


if __name__ == '__main__': main()
