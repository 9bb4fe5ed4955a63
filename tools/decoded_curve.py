"""The decoded trajectory against the generator's tuning: a learner's `trajrep run` generator tuned to each step count
in turn (tuned on from the last, as `trajrep run --decoded 8 --generator-steps N` does on a finished run), each time
decoded as the decoded stage decodes; per task, the share of decoded images that keep their source's label, averaged
over t.

    python tools/decoded_curve.py RUN [--steps 600 1800 3600] [--images 16] [--out GEN]

RUN is a learner's folder (`trajrep train --seed S --out RUN`, or a `trajrep run` folder); its own configuration and
seed make the generator (14_study's `generator_config`) and the decoded stage's draws (09_sample's `decoded_study`). The
generator is written to RUN/decoded_curve (or --out), each count's result to decoded_N.json there. 09_sample has the
numbers this printed: "Tuned longer, for every time" (the generator of commit 2aae204, told every code's time), "One
generator, every time's codes mapped to its own" (the generator of the codes at t = 0.5 the stage tunes now, its maps
least squares), "What the affine map leaves" (the same generators, the maps with a network beside the least squares)
and "Tuned 1,200 steps" (generators of 1,200 steps from the start, the stage's now).
"""
import argparse, time
from pathlib import Path
import numpy as np
from trajrep.core import save_json
from trajrep.train import load_checkpoint, saved_config, train
from trajrep.study import RunConfig, generator_config
from trajrep.sample import decoded_study


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('run', type=Path, help="the learner's folder, holding checkpoint.pt")
    p.add_argument('--steps', type=int, nargs='+', default=[600, 1800, 3600], help='tuning steps, increasing')
    p.add_argument('--images', type=int, default=16, help='test images decoded (the stage: 8)')
    p.add_argument('--out', type=Path, help='the generator folder (default: RUN/decoded_curve)')
    a = p.parse_args()
    out, learned = a.out or a.run/'decoded_curve', saved_config(load_checkpoint(a.run/'checkpoint.pt')['config'])
    for n in a.steps:
        cfg = RunConfig(learned, seed=learned.seed, device='cpu', generator_steps=n)
        start = time.time()
        gen = generator_config(a.run/'checkpoint.pt', cfg.train, n)
        loss = train(gen, out, resume=(out/'checkpoint.pt').exists(), progress=False)
        tuned = time.time() - start
        res, _, _ = decoded_study(out/'checkpoint.pt', a.images, cfg.grid, cfg.decoded_steps,
                                  cfg.decoded_classifier_steps, cfg.seed, cfg.device, learned.root, progress=False)
        save_json({**res, 'held_out_loss': loss['held_out_loss']}, out/f'decoded_{n}.json')
        kept = ', '.join(f"{task} {np.mean(r['kept']):.2f}" for task, r in res['tasks'].items())
        print(f"{n} steps (tuned to it in {tuned:.0f} s, held-out loss {loss['held_out_loss']:.1f}): kept, "
              f"averaged over t: {kept}", flush=True)


if __name__ == '__main__': main()
