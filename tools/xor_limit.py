"""Where the whole-curve probes stop solving an exclusive-or of two time points (10_probes, "Why the limit grows with
d"): a file of n Gaussian trajectories (T = 11 points of d coordinates) whose label is the exclusive-or of two bits,
written as +-1.5 into the first coordinate at t_1 and t_5 (`planted_trajectories(n, 11, d, at_t3=False)`), probed by
the GRU and the Transformer with the default protocol or the given ProbeConfig fields.

    python tools/xor_limit.py N D [FIELD=VALUE ...] [--files S ...] [--signs] [--gru-update-bias B]

`--files 0 1 2` probes three files (their data seeds; default the file of seed 0). `--signs` plants no gap: the label
is the exclusive-or of the signs of two Gaussian coordinates (the first at t_1 and t_5), so the classes touch at 0.

e.g. `python tools/xor_limit.py 3000 16 steps=2000 patience=20 transformer_dim=16 transformer_ff=32`.
The GRU and the Transformer read each point through input weights of its own unless `"gru_inputs='shared'"`,
`"transformer_inputs='shared'"` (10_probes).
"""
import argparse, ast, time
import numpy as np, torch
import trajrep.probes as P


def gru_remembering(bias:float):
    "BatchedGRU whose update gate starts at `bias` (its state kept by default), in place of the probes' own."
    class GRU(P.BatchedGRU):
        def __init__(self, M, d, hidden, *args, **kwargs):
            super().__init__(M, d, hidden, *args, **kwargs)
            with torch.no_grad(): self.b_ih[..., hidden:2 * hidden] += bias
    P.BatchedGRU = GRU


def sign_trajectories(n:int, d:int, seed:int) -> P.Trajectories:
    "Gaussian trajectories (T = 11) labelled by the exclusive-or of the signs of the first coordinate at t_1 and t_5."
    traj = gap_trajectories(n, d, seed)
    z = np.random.default_rng([seed, 1]).normal(size=traj.z.shape).astype(np.float32)
    y = ((z[:, 1, 0] > 0) ^ (z[:, 5, 0] > 0)).astype(np.int64)[:, None]
    return P.Trajectories(z, traj.t, y, traj.tasks, traj.n_classes, traj.split, 'signs')


def gap_trajectories(n:int, d:int, seed:int) -> P.Trajectories:
    "The project's exclusive-or file: the two bits written as +-1.5 into the first coordinate at t_1 and t_5."
    return P.planted_trajectories(n, 11, d, seed=seed, at_t3=False)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('n', type=int); p.add_argument('d', type=int)
    p.add_argument('fields', nargs='*', help='ProbeConfig fields, FIELD=VALUE (a Python literal)')
    p.add_argument('--files', type=int, nargs='+', default=[0], help='the data seeds of the files to probe')
    p.add_argument('--signs', action='store_true', help='the exclusive-or of two signs, no gap between the classes')
    p.add_argument('--gru-update-bias', type=float)
    args = p.parse_args()
    fields = {k: ast.literal_eval(v) for k, v in (f.split('=', 1) for f in args.fields)}
    if args.gru_update_bias is not None: gru_remembering(args.gru_update_bias)
    cfg = P.ProbeConfig(**{'probes': ('gru', 'transformer'), **fields})
    for seed in args.files:
        start = time.time()
        traj = (sign_trajectories if args.signs else gap_trajectories)(args.n, args.d, seed)
        r = P.fit_probes(traj, cfg, progress=False)[0]['tasks']['xor']
        print(f"{traj.source} file {seed}, n {args.n}, d {args.d}, {fields or 'default protocol'}: " + ', '.join(
            f"{k} {r[k]['test_acc']:.3f}" for k in cfg.probes) + f" (chance {r['chance']:.3f}; {r['n']['train']} "
            f"training trajectories; {time.time() - start:.0f} s)", flush=True)


if __name__ == '__main__': main()
