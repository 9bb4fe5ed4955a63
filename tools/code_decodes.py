"""What a model can draw from its codes alone (09_sample, "What the code alone draws"): per task, the share of test
images whose label survives (1) the generator's one-step denoiser, Tweedie's estimate D(x_t, z) of the clean image from
x_t = m(t) x0 + s(t) noise told the image's own code z = E(x0, t), at several t; and (2) a decoder of the ae mode's
architecture trained by mean squared error on the checkpoint's frozen codes E(x0, t) (t uniform), read from E(x0, t) at
several t. Labels by 09_sample's `fit_task_classifier`, trained on the dataset's real training images.

    python tools/code_decodes.py CHECKPOINT [--generator GENERATOR] [--images 200] [--decoder-steps 600] [--whiten]

CHECKPOINT: a drl or vdrl checkpoint (its encoder and its dataset); GENERATOR: the checkpoint whose score network
denoises (default: CHECKPOINT), e.g. `trajrep train --init CHECKPOINT --freeze-encoder --weighting edm --warmup 0
--steps 600 --out gen` and then `--generator gen/checkpoint.pt`. `--decoder-steps 0` skips the decoder; with
`--whiten` it reads the codes ZCA-whitened (one whitening for the codes of every t), as the probes read them.
"""
import argparse, time
import torch
import torch.nn.functional as F
from trajrep.core import whitening
from trajrep.train import load_checkpoint, model_from_checkpoint
from trajrep.extract import checkpoint_dataset
from trajrep.score import Decoder
from trajrep.sample import fit_task_classifier, classify, denoise, own_code_score

TIMES = (0.0, 0.3, 0.5, 0.7, 0.9, 1.0)


def kept(clf, x, y, n_classes) -> str:
    "Per task, the share of the images x whose classified label is y."
    return ', '.join(f'{v:.2f}' for v in (classify(clf, x.clamp(0, 1), n_classes) == y).float().mean(0).tolist())


def codes(model, x0:torch.Tensor, t:torch.Tensor) -> torch.Tensor:
    "The codes E(x0, t) (a vdrl encoder's mean), in float32 as the model trained."
    return model.code(x0, t)[0]


@torch.no_grad()
def denoised(model, x0:torch.Tensor, t:float, g:torch.Generator) -> torch.Tensor:
    "Tweedie's one-step estimate of x0 from x_t (09_sample's `denoise`), the score network told each image's own code."
    tt = torch.full((len(x0),), t)
    xt = model.sde.perturb(x0, tt, torch.randn(x0.shape, generator=g))[0]
    return denoise(model.sde, own_code_score(model, x0), xt, tt)


@torch.no_grad()
def code_whitening(model, x:torch.Tensor, n:int=4096):
    "The mean and ZCA whitening matrix (00_core's `whitening`) of the codes E(x0, t) of n training images, t uniform."
    g = torch.Generator().manual_seed(0)
    z = codes(model, x[torch.randint(len(x), (n,), generator=g)], torch.rand(n, generator=g))
    mean, w = whitening(z[:, None])
    return mean[0], w[0]


def fit_decoder(model, x:torch.Tensor, steps:int, channels:tuple, batch_size:int=128, lr:float=2e-3,
                whiten=None) -> Decoder:
    """A Decoder trained by mean squared error to draw images x from their frozen codes E(x, t), t uniform in [0, 1];
    with `whiten`, (mean, W) of `code_whitening`, from the whitened codes (z - mean) W."""
    torch.manual_seed(0)
    dec, g = Decoder(x.shape[1], model.encoder.latent, x.shape[-1], channels), torch.Generator().manual_seed(0)
    opt = torch.optim.Adam(dec.parameters(), lr)
    for step in range(steps):
        x0 = x[torch.randint(len(x), (batch_size,), generator=g)]
        with torch.no_grad(): z = codes(model, x0, torch.rand(batch_size, generator=g))
        loss = F.mse_loss(dec(z if whiten is None else (z - whiten[0]) @ whiten[1]), x0)
        opt.zero_grad(); loss.backward(); opt.step()
    print(f'decoder: {steps} steps, training loss {loss.item():.4f}')
    return dec


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('checkpoint'); p.add_argument('--generator')
    p.add_argument('--images', type=int, default=200); p.add_argument('--decoder-steps', type=int, default=600)
    p.add_argument('--whiten', action='store_true', help="the decoder reads the codes ZCA-whitened, as the probes do")
    args = p.parse_args()
    ckpt = load_checkpoint(args.checkpoint)
    ds, model = checkpoint_dataset(ckpt), model_from_checkpoint(ckpt).eval()
    gen = model_from_checkpoint(args.generator).eval() if args.generator else model
    clf = fit_task_classifier(ds.train.x, ds.train.y, ds.n_classes, 200)
    x0, y = ds.test.x[:args.images], ds.test.y[:args.images]
    print(f"tasks {', '.join(ds.tasks)}; the classifier on the real test images: {kept(clf, x0, y, ds.n_classes)}")
    g = torch.Generator().manual_seed(0)
    for t in TIMES[1:]:
        s = float(gen.sde.marginal_std(torch.tensor([t])))
        print(f"denoiser at t = {t} (s(t) = {s:.3g}), own code: {kept(clf, denoised(gen, x0, t, g), y, ds.n_classes)}")
    if args.decoder_steps:
        start = time.time()
        w = code_whitening(model, ds.train.x) if args.whiten else None
        dec = fit_decoder(model, ds.train.x, args.decoder_steps, tuple(ckpt['config']['net_channels']), whiten=w)
        with torch.no_grad():
            for t in TIMES:
                z = codes(model, x0, torch.full((len(x0),), t))
                r = dec(z if w is None else (z - w[0]) @ w[1])
                print(f"decoder from E(x0, {t}): {kept(clf, r, y, ds.n_classes)}")
        print(f'({time.time() - start:.0f} s)')


if __name__ == '__main__': main()
