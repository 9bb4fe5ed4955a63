"""How many images generated from test images' codes keep their source's labels: a run's model against its generator.

    python tools/kept_colours.py runs/shapes/seed_0 [--images 6] [--per-image 4] [--code-t 0.5] [--figure PNG]
                                 [--generator CHECKPOINT] [--own-code]

`trajrep sample`'s draw (the predictor-corrector sampler's defaults) from RUN/checkpoint.pt and from
RUN/generator_t0.5/checkpoint.pt (the decoded stage's: the same encoder, the score network tuned by EDM's loss;
--generator names another, e.g. one tuned longer by `trajrep train --init RUN/checkpoint.pt --freeze-encoder ...`), each
sample labelled per task by a classifier trained on the dataset's real training images (09_sample's
`fit_task_classifier`, the decoded stage's); prints, per task, how many of the images keep their source's label, and the
classifier's accuracy on the real test images (its ceiling). With --own-code, the generator also draws with each test
image's own code at the sampler's current time, z = E(x0, t), as the score network saw it in training. With --figure,
both draws side by side (each row: the test image, then the images from its code). On data of the palette (shapes,
cdigits) it also prints the colours as 09_sample's `palette_colours` reads them off the pixels, a second reading that
needs no training.
With --generator-only, the run's own model draws nothing (half the time).
"""
import argparse
from pathlib import Path
import torch
from trajrep.train import load_checkpoint, model_from_checkpoint
from trajrep.extract import checkpoint_dataset
from trajrep.sample import (SampleConfig, sample_checkpoint, draw_images, own_code_score, fit_task_classifier, classify,
                            plot_samples, palette_colours)


@torch.no_grad()
def own_code_draw(path:Path, x0:torch.Tensor, seed:int=0) -> torch.Tensor:
    "Images drawn from noise by the PC sampler's defaults, told each image's own code E(x0, t) at every time t."
    model = model_from_checkpoint(path)
    return draw_images(model, own_code_score(model, x0), x0.shape, generator=torch.Generator().manual_seed(seed))[0]


def check_same_images(run:Path, generator:Path):
    "Stop with one sentence unless the generator was tuned on the run's images (the same dataset and seed)."
    a, b = (load_checkpoint(p)['config'] for p in (run, generator))
    differ = [f'{k} {a.get(k)!r} against {b.get(k)!r}' for k in ('dataset', 'size', 'n_train', 'n_test', 'seed')
              if a.get(k) != b.get(k)]
    if differ: raise SystemExit(f"{generator} was tuned on other images than {run} ({', '.join(differ)}), so its "
                                "samples would be compared with sources they were not drawn from: tune it with "
                                "`trajrep train --init RUN/checkpoint.pt ...`, which takes the run's data and seed.")


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('run', type=Path)
    p.add_argument('--images', type=int, default=6)
    p.add_argument('--per-image', type=int, default=4)
    p.add_argument('--code-t', type=float, default=0.5)
    p.add_argument('--figure', type=Path, help='a PNG of both draws side by side')
    p.add_argument('--generator', type=Path,
                   help='the generator checkpoint (default: RUN/generator_t0.5/checkpoint.pt)')
    p.add_argument('--own-code', action='store_true', help="the generator told each image's own code at every t too")
    p.add_argument('--generator-only', action='store_true', help="draw from the generator alone, not the run's model")
    args = p.parse_args()
    generator = args.generator or args.run/'generator_t0.5/checkpoint.pt'
    check_same_images(args.run/'checkpoint.pt', generator)
    cfg = SampleConfig(images=args.images, per_image=args.per_image, code_t=args.code_t)
    ds = checkpoint_dataset(load_checkpoint(args.run/'checkpoint.pt'))
    clf = fit_task_classifier(ds.train.x, ds.train.y, ds.n_classes, 200)
    ceiling = (classify(clf, ds.test.x, ds.n_classes) == ds.test.y).float().mean(0)
    print('classifier on real test images: ' + ', '.join(f'{t} {a:.2f}' for t, a in zip(ds.tasks, ceiling)))
    def print_kept(what:str, x:torch.Tensor, source:torch.Tensor):
        kept = (classify(clf, x, ds.n_classes) == ds.test.y[source]).sum(0)
        print(f'{what}: of {len(x)} images, kept ' + ', '.join(f'{t} {k}' for t, k in zip(ds.tasks, kept.tolist())))
        if {'background', 'foreground'} <= set(ds.tasks):
            read = torch.stack(palette_colours(x), 1) == ds.test.y[source][:, [ds.tasks.index('background'),
                                                                            ds.tasks.index('foreground')]]
            print(f'  read off the pixels (palette_colours): background {read[:, 0].sum()}, '
                  f'foreground {read[:, 1].sum()}')
    draws = {}
    paths = {'checkpoint.pt': args.run/'checkpoint.pt', 'generator': generator}
    if args.generator_only: del paths['checkpoint.pt']
    for name, path in paths.items():
        s = draws[name] = sample_checkpoint(path, cfg, progress=False)
        print_kept(f'{name}, from codes at t = {args.code_t}', torch.as_tensor(s['x']), torch.as_tensor(s['source']))
    if args.own_code:
        source = torch.arange(args.images).repeat_interleave(args.per_image)
        print_kept("generator, told each image's own code E(x0, t) at every t",
                   own_code_draw(generator, ds.test.x[source]), source)
    if args.figure:
        import matplotlib; matplotlib.use('agg'); import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, len(draws), figsize=(4.5 * len(draws), 0.6 + 0.75 * args.images), squeeze=False)
        for ax, (name, s) in zip(axes[0], draws.items()):
            who = 'the run' if name == 'checkpoint.pt' else 'its generator'
            plot_samples(s, cfg, ax).set_title(f"{who}: {paths[name]}", fontsize=9)
        fig.savefig(args.figure, dpi=120, bbox_inches='tight')
        print(f'wrote {args.figure}')


if __name__ == '__main__':
    main()
