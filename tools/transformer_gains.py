"""A lead for the Transformer's exclusive-or limit (10_probes, "A lead, not kept"): one gain per time point and
coordinate before the Transformer's shared input map, shrunk after every step by the proximal step of an L1 penalty,
g <- sign(g) max(|g| - lr lambda, 0). Trains M models (each its own initial weights; mini-batches of 256 drawn with
replacement) for `--steps` steps without early stopping and prints,
per file, the step at which each model's validation accuracy first reached 0.85 (-1: never), its best validation
accuracy, the test accuracy at that reading (what early stopping would keep) and its final training accuracy.

    python tools/transformer_gains.py N D [--lam L] [--lr R] [--models M] [--steps S] [--files 0 1 2] [--signs]
    python tools/transformer_gains.py --file runs/shapes/seed_0/trajectories.npz --task 3 [--lam L] ...

N, D: the exclusive-or files of `tools/xor_limit.py` (N trajectories of 11 points of D coordinates; `--signs` its
files without a gap). `--lam 0` trains the same models without the shrink.
"""
import argparse, sys, time
from pathlib import Path
import torch
import torch.nn.functional as F
import trajrep.probes as P
from trajrep.batched import BatchedAdam
from trajrep.core import subnormals_as_zero, bfloat16_autocast, uses_bfloat16
from trajrep.trajectories import load_trajectories
sys.path.insert(0, str(Path(__file__).parent))
from xor_limit import gap_trajectories, sign_trajectories


class GainedTransformer(P.BatchedTransformer):
    "BatchedTransformer whose inputs are first multiplied by one gain per time point and coordinate (M x 1 x T x d)."
    def __init__(self, M:int, d:int, T:int, *args, **kwargs):
        super().__init__(M, d, *args, **kwargs)
        self.gain = torch.nn.Parameter(torch.ones(M, 1, T, d))
    def forward(self, x, t, key_mask=None, return_attention=False):
        if x.dim() == 3: x = x.expand(len(self.w_in), *x.shape)
        return super().forward(x * self.gain, t, key_mask, return_attention)


def accuracy(model, Z:torch.Tensor, y:torch.Tensor, t:torch.Tensor) -> torch.Tensor:
    "Accuracy of each model on the part Z with labels y, as the probes read it."
    return P._accuracy(model, lambda i: (Z[i], t), y)


def train(traj, task:int, lam:float, lr:float, M:int, steps:int, seed:int=0) -> dict:
    "M gained Transformers (the probes' widths) trained on a task: first step >= 0.85, best val, its test, train."
    cfg = P.ProbeConfig(seeds=1, seed=seed)
    _, Z, Y = P.probe_data(traj, task, cfg, 'cpu')
    t, T = torch.as_tensor(traj.t), len(traj.t)
    model = GainedTransformer(M, traj.dim, T, cfg.transformer_dim, cfg.transformer_heads, cfg.transformer_ff,
                              int(traj.n_classes[task]), 0.0, torch.Generator().manual_seed(seed))
    lrs = torch.full((M,), lr)
    opt, g = BatchedAdam(list(model.parameters()), lrs, cfg.weight_decay), torch.Generator().manual_seed(seed)
    first, best, test = torch.full((M,), -1), torch.zeros(M), torch.zeros(M)
    with subnormals_as_zero(), bfloat16_autocast(torch.device('cpu'), uses_bfloat16('auto', torch.device('cpu'))):
        for step in range(1, steps + 1):
            idx = torch.randint(len(Y['train']), (cfg.batch_size,), generator=g)
            logits = model(Z['train'][idx], t).float()
            loss = F.cross_entropy(logits.flatten(0, 1), Y['train'][idx].expand(M, -1).flatten(), reduction='none')
            opt.zero_grad(); loss.view(M, -1).mean(1).sum().backward(); opt.step()
            with torch.no_grad(): model.gain.copy_(model.gain.sign() * (model.gain.abs() - lr * lam).clamp_min(0))
            if step % cfg.eval_every: continue
            val = accuracy(model, Z['val'], Y['val'], t)
            better, first = val > best, torch.where((first < 0) & (val >= 0.85), step, first)
            test = torch.where(better, accuracy(model, Z['test'], Y['test'], t), test)
            best = torch.where(better, val, best)
        train_acc = accuracy(model, Z['train'], Y['train'], t)
    out = {'first': first, 'best_val': best, 'test_acc': test, 'train_acc': train_acc}
    return {k: v.tolist() for k, v in out.items()}


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('n', type=int, nargs='?'); p.add_argument('d', type=int, nargs='?')
    p.add_argument('--lam', type=float, default=2.0); p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--models', type=int, default=4); p.add_argument('--steps', type=int, default=800)
    p.add_argument('--files', type=int, nargs='+', default=[0], help='the data seeds of the exclusive-or files')
    p.add_argument('--signs', action='store_true', help='the exclusive-or of two signs, no gap between the classes')
    p.add_argument('--file', type=Path, help='a trajectories file instead of the exclusive-or files')
    p.add_argument('--task', type=int, default=0, help="with --file: the task's index")
    args = p.parse_args()
    if args.file is None and (args.n is None or args.d is None): p.error('give N and D, or --file')
    make = sign_trajectories if args.signs else gap_trajectories
    files = [(str(args.file), load_trajectories(args.file))] if args.file else [
        (f"{'signs' if args.signs else 'xor'} file {s}, n {args.n}, d {args.d}", make(args.n, args.d, s))
        for s in args.files]
    for name, traj in files:
        start = time.time()
        r = train(traj, args.task, args.lam, args.lr, args.models, args.steps)
        r = {k: [round(v, 2) for v in vals] for k, vals in r.items()}
        print(f"{name}, lambda {args.lam}, lr {args.lr}: first step >= 0.85 {r['first']}, best validation "
              f"{r['best_val']}, test there {r['test_acc']}, final training accuracy {r['train_acc']} "
              f"({time.time() - start:.0f} s)", flush=True)


if __name__ == '__main__': main()
