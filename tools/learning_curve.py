"""A learning curve of the representation: train the default learner step by step, and at each step extract its
trajectories and read them with the per-t MLP probes (the default protocol); the best single t per task.

    python tools/learning_curve.py RUN 100,200,400                  # train RUN from scratch, probing at each step
    python tools/learning_curve.py RUN2 1600 runs/shapes/seed_0     # start RUN2 from a finished run's checkpoint

Training resumes exactly, so the checkpoint at step s is the one a single training of s steps would give. Each row is
printed and kept in RUN/learning_curve.json (step -> task -> best single-t accuracy, its t, the accuracy at every t).
"""
import json, shutil, sys, time
from pathlib import Path
from trajrep.train import TrainConfig, train
from trajrep.extract import extract_trajectories
from trajrep.probes import ProbeConfig, fit_probes, best_single_t


def probe_checkpoint(run: Path) -> dict:
    "The per-t MLPs on the trajectories of `run`'s checkpoint: per task, the best single t, its time, every t's."
    traj = extract_trajectories(run/'checkpoint.pt', grid=10, device='cpu', progress=False)
    cfg = ProbeConfig(device='cpu', probes=('mlp',), precision='float32')  # as 08_train's tables were read
    tasks = fit_probes(traj, cfg, progress=False)[0]['tasks']
    return {task: {'best': best_single_t(r)[1], 'best_t': best_single_t(r)[0], 'acc': r['mlp']['test_acc']}
            for task, r in tasks.items()}


def main(run: Path, steps: list, start: Path | None = None):
    if start and not run.exists():
        run.mkdir(parents=True)
        for name in ('checkpoint.pt', 'metrics.jsonl'): shutil.copy(start/name, run/name)
    out = run/'learning_curve.json'
    curve = json.loads(out.read_text()) if out.exists() else {}
    for s in steps:
        began = time.time()
        train(TrainConfig(steps=s, device='cpu'), run, resume=(run/'checkpoint.pt').exists(), progress=False)
        curve[str(s)] = probe_checkpoint(run)
        print(s, {task: round(v['best'], 3) for task, v in curve[str(s)].items()}, f'{time.time() - began:.0f} s',
              flush=True)
        out.write_text(json.dumps(curve, indent=1))


if __name__ == '__main__':
    main(Path(sys.argv[1]), [int(s) for s in sys.argv[2].split(',')], Path(sys.argv[3]) if len(sys.argv) > 3 else None)
