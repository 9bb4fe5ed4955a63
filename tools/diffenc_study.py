"""VDM against DiffEnc-nt against DiffEnc (issue 18's study): the same v-network, data, steps and seeds; each model's
negative ELBO in bits per dimension and its three terms, read with common random numbers (the same t and noise per
test image for every model), and the paired differences to VDM over the training seeds.

    python tools/diffenc_study.py OUT [--seeds 3] [--capacity] [train options, e.g. --steps 400 --size 16]

With --capacity, a fourth model: `vdm-deep`, VDM whose network has a third residual block, so that it holds as many
parameters as DiffEnc's network and encoder together (at 32 channels: 248,259 against 251,830; VDM 183,139), the
control for "DiffEnc is better because it is bigger".

Trains OUT/MODE/seed_K with `trajrep train` (an interrupted study resumes: a finished checkpoint is kept), reads each
with `trajrep bpd` (--bpd-images, --bpd-repeats), and writes OUT/study.json and OUT/study.md (the table), and
OUT/encoded.png (DiffEnc's x_phi(lambda_t) for a few test images, seed 0).
"""
import argparse, json, subprocess, sys
from pathlib import Path
import numpy as np
from trajrep.sample import mean_and_se

MODES = {'vdm': ('--mode', 'vdm'), 'diffenc-nt': ('--mode', 'diffenc-nt'), 'diffenc': ('--mode', 'diffenc')}
DEEP = {'vdm-deep': ('--mode', 'vdm', '--vdm-blocks', '3')}
TERMS = ('total', 'reconstruction', 'latent', 'diffusion')


def trajrep(*args):
    subprocess.run(['trajrep', *map(str, args)], check=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('out', type=Path)
    p.add_argument('--seeds', type=int, default=3)
    p.add_argument('--bpd-images', type=int, default=512)
    p.add_argument('--bpd-repeats', type=int, default=4)
    p.add_argument('--capacity', action='store_true', help='add vdm-deep, VDM with as many parameters as DiffEnc')
    args, train_options = p.parse_known_args()
    models = {**MODES, **(DEEP if args.capacity else {})}
    bpd = {}
    for mode, model_options in models.items():
        for seed in range(args.seeds):
            run = args.out/mode/f'seed_{seed}'
            if not (run/'checkpoint.pt').exists() or not (run/'done').exists():
                trajrep('train', *model_options, '--seed', seed, *train_options, '--out', run, '--no-progress',
                        *(['--resume'] if (run/'checkpoint.pt').exists() else []))
                (run/'done').write_text('')
            if not (run/'bpd.json').exists():
                trajrep('bpd', run/'checkpoint.pt', '--images', args.bpd_images, '--repeats', args.bpd_repeats,
                        '--out', run, '--no-progress')
            bpd[mode, seed] = json.loads((run/'bpd.json').read_text())
    seeds = range(args.seeds)
    per_seed = {mode: {k: [bpd[mode, s]['bpd'][k]['mean'] for s in seeds] for k in TERMS} for mode in models}
    pairs = [(m, 'vdm') for m in models if m != 'vdm'] + ([('diffenc', 'vdm-deep')] if args.capacity else [])
    paired = {f'{a} - {b}': {k: [float(np.mean(np.subtract(bpd[a, s]['per_image'][k], bpd[b, s]['per_image'][k])))
                                 for s in seeds] for k in TERMS} for a, b in pairs}
    within = {mode: {k: [bpd[mode, s]['bpd'][k]['se'] for s in seeds] for k in TERMS} for mode in models}
    result = {'train_options': train_options, 'seeds': args.seeds, 'bpd_images': args.bpd_images,
              'bpd_repeats': args.bpd_repeats, 'per_seed': per_seed, 'paired_per_seed': paired,
              'image_se_per_seed': within}
    (args.out/'study.json').write_text(json.dumps(result, indent=1))
    fmt = lambda v: '{mean:.4f} ± {se:.4f}'.format(**mean_and_se(v))
    lines = ['| model | total | reconstruction | latent | diffusion |', '|---|---|---|---|---|']
    lines += [f'| {mode} | ' + ' | '.join(fmt(per_seed[mode][k]) for k in TERMS) + ' |' for mode in models]
    lines += [f'| {pair} (paired) | ' + ' | '.join(fmt(paired[pair][k]) for k in TERMS) + ' |' for pair in paired]
    table = '\n'.join(lines)
    (args.out/'study.md').write_text(f'bits per dimension, mean ± SE over {args.seeds} training seeds '
                                     f'(`python tools/diffenc_study.py {" ".join(sys.argv[1:])}`)\n\n{table}\n')
    print(table)
    from trajrep.train import model_from_checkpoint, load_checkpoint
    from trajrep.extract import checkpoint_dataset
    from trajrep.vdm_bpd import encoded_over_t, plot_encoded
    import matplotlib; matplotlib.use('agg')
    ckpt = load_checkpoint(args.out/'diffenc'/'seed_0'/'checkpoint.pt')
    times = (0.0, 0.25, 0.5, 0.75, 0.9, 1.0)
    enc = encoded_over_t(model_from_checkpoint(ckpt), checkpoint_dataset(ckpt).test.x[:6], times)
    plot_encoded(enc, times).figure.savefig(args.out/'encoded.png', dpi=120, bbox_inches='tight')


if __name__ == '__main__':
    main()
