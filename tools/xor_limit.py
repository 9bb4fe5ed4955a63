"""Where the whole-curve probes stop solving an exclusive-or of two time points (10_probes, "Why the limit grows with
d"): a file of n Gaussian trajectories (T = 11 points of d coordinates) whose label is the exclusive-or of two bits,
written as +-1.5 into the first coordinate at t_1 and t_5 (as `planted_trajectories` writes its 'xor', without its
'at_t3'), probed by the GRU and the Transformer with the default protocol or the given ProbeConfig fields.

    python tools/xor_limit.py N D [FIELD=VALUE ...] [--gru-update-bias B]

e.g. `python tools/xor_limit.py 3000 16 steps=2000 patience=20 transformer_dim=16 transformer_ff=32`.
The GRU reads each point through input weights of its own unless `"gru_inputs='shared'"` (10_probes).
"""
import argparse, ast, time
import numpy as np
import torch
import trajrep.probes as P
from trajrep.trajectories import Trajectories


def xor_file(n:int, d:int, T:int=11, seed:int=0) -> Trajectories:
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, T, d)).astype(np.float32)
    a, b = rng.integers(0, 2, n), rng.integers(0, 2, n)
    z[:, 1, 0], z[:, 5, 0] = a * 3.0 - 1.5 + 0.3 * rng.normal(size=n), b * 3.0 - 1.5 + 0.3 * rng.normal(size=n)
    split = (np.arange(n) >= int(0.8 * n)).astype(np.int8)
    return Trajectories(z, np.linspace(0, 1, T), (a ^ b)[:, None], np.array(['xor']), np.array([2]), split, 'xor')


def gru_remembering(bias:float):
    "BatchedGRU whose update gate starts at `bias` (its state kept by default), in place of the probes' own."
    class GRU(P.BatchedGRU):
        def __init__(self, M, d, hidden, *args, **kwargs):
            super().__init__(M, d, hidden, *args, **kwargs)
            with torch.no_grad(): self.b_ih[..., hidden:2 * hidden] += bias
    P.BatchedGRU = GRU


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('n', type=int); p.add_argument('d', type=int)
    p.add_argument('fields', nargs='*', help='ProbeConfig fields, FIELD=VALUE (a Python literal)')
    p.add_argument('--gru-update-bias', type=float)
    args = p.parse_args()
    torch.set_flush_denormal(True)
    fields = {k: ast.literal_eval(v) for k, v in (f.split('=', 1) for f in args.fields)}
    if args.gru_update_bias is not None: gru_remembering(args.gru_update_bias)
    cfg = P.ProbeConfig(**{'probes': ('gru', 'transformer'), **fields})
    start = time.time()
    r = P.fit_probes(xor_file(args.n, args.d), cfg, progress=False)[0]['tasks']['xor']
    print(f"n {args.n}, d {args.d}, {fields or 'default protocol'}: " + ', '.join(
        f"{k} {r[k]['test_acc']:.3f}" for k in cfg.probes) + f" (chance {r['chance']:.3f}; {r['n']['train']} "
        f"training trajectories; {time.time() - start:.0f} s)")


if __name__ == '__main__': main()
