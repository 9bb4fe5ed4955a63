"""A second probe of a trajectories file, independent of trajrep's: scikit-learn's `MLPClassifier` (and, with
`--linear`, `LogisticRegression`) on each time point, beside the per-t MLP of the run's `probes.json` (10_probes).

    python tools/independent_probe.py runs/shapes/seed_0 [--tasks shape foreground] [--hidden 256] [--linear]

It reads the points as the run's probes did (the same training, validation and test parts, from the seed of the
`probes.json` config, whitened by the training part's statistics: `probe_data`); the training and validation parts
together train it, with scikit-learn's own early stopping
on a tenth of them. It prints, per task, the best test accuracy over t and its t for each probe.
"""
import argparse, json, time, warnings
from pathlib import Path
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
import trajrep.probes as P
from trajrep.trajectories import load_trajectories


def learners(hidden:int, linear:bool) -> dict:
    "The independent probes by name, each a function making a new scikit-learn classifier."
    out = {f'sklearn MLP({hidden})': lambda: MLPClassifier((hidden,), alpha=1e-3, early_stopping=True,
                                                            n_iter_no_change=20, max_iter=500, random_state=0)}
    if linear: out['logistic regression'] = lambda: LogisticRegression(max_iter=3000)
    return out


def best_over_t(make, Z:dict, Y:dict) -> tuple[float, int]:
    "The best test accuracy over the time points of a classifier made by `make`, trained on each point, and its index."
    fit_x = lambda i: np.concatenate([Z['train'][:, i].numpy(), Z['val'][:, i].numpy()])
    fit_y = np.concatenate([Y['train'].numpy(), Y['val'].numpy()])
    accs = [make().fit(fit_x(i), fit_y).score(Z['test'][:, i].numpy(), Y['test'].numpy())
            for i in range(Z['test'].shape[1])]
    return max(accs), int(np.argmax(accs))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('run', type=Path, help='a run folder (trajectories.npz, probes.json) of one seed')
    p.add_argument('--tasks', nargs='+', help='the tasks to probe (default: every task of the file)')
    p.add_argument('--hidden', type=int, default=256, help="the MLPClassifier's hidden width")
    p.add_argument('--linear', action='store_true', help='also a logistic regression')
    args = p.parse_args()
    warnings.filterwarnings('ignore', category=ConvergenceWarning)
    traj = load_trajectories(args.run/'trajectories.npz')
    probes = json.loads((args.run/'probes.json').read_text())
    ours, cfg = probes['tasks'], P.ProbeConfig(**probes['config'])
    for task in args.tasks or list(traj.tasks):
        _, Z, Y = P.probe_data(traj, list(traj.tasks).index(task), cfg, 'cpu')
        mlp = ours[task]['mlp']['test_acc']
        line = [f"trajrep's MLP {max(mlp):.3f} at t = {traj.t[int(np.argmax(mlp))]:.2f}"]
        for name, make in learners(args.hidden, args.linear).items():
            start = time.time()
            acc, i = best_over_t(make, Z, Y)
            line.append(f"{name} {acc:.3f} at t = {traj.t[i]:.2f} ({time.time() - start:.0f} s)")
        print(f"{args.run} {task} (chance {ours[task]['chance']:.3f}): " + '; '.join(line), flush=True)


if __name__ == '__main__': main()
