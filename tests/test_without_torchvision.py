"""trajrep imports, loads every dataset and answers `download=True` clearly when torchvision is broken or absent.

On a CPU machine, torchvision's wheels are CUDA builds that fail at import with RuntimeError (not ImportError), so the
test makes `import torchvision` raise RuntimeError in a fresh interpreter before anything of trajrep is imported."""
import subprocess, sys, textwrap
from trajrep.data import SOURCES

SCRIPT = textwrap.dedent('''
    import importlib.abc, sys, tempfile
    from pathlib import Path
    class Broken(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split('.')[0] == 'torchvision': raise RuntimeError('operator torchvision::nms does not exist')
    sys.meta_path.insert(0, Broken())

    import numpy as np, trajrep, trajrep.core, trajrep.sde, trajrep.data, trajrep.cli
    from trajrep.core import TrajrepError
    from trajrep.data import SOURCES, load_dataset, write_mnist, write_cifar, write_celeba
    assert 'torchvision' not in sys.modules

    rng, root = np.random.default_rng(0), Path(tempfile.mkdtemp())
    def images(*shape): return rng.integers(0, 256, shape, dtype=np.uint8)
    write_mnist(root, *[(images(n, 28, 28), rng.integers(0, 10, n, dtype=np.uint8)) for n in (12, 6)])
    write_cifar(root, *[(images(n, 3, 32, 32), rng.integers(0, 10, n)) for n in (10, 5)])
    write_cifar(root, *[(images(n, 3, 32, 32), np.stack([rng.integers(0, 100, n), rng.integers(0, 20, n)], 1))
                        for n in (10, 5)], fine_and_coarse=True)
    write_celeba(root, images(6, 40, 30, 3), rng.choice([-1, 1], (6, 40)), np.array([0, 1, 0, 2, 0, 2]))
    options = {'shapes': dict(n_train=40, n_test=20), 'digits': {}, 'cdigits': dict(copies=1),
               'celeba': dict(root=root, size=16)}
    for name in SOURCES:
        ds = load_dataset(name, **options.get(name, dict(root=root)))
        assert len(ds.train) and len(ds.test) and ds.x.min() >= 0 and ds.x.max() <= 1, name
        for k, c in enumerate(ds.n_classes): assert 0 <= ds.y[:, k].min() and ds.y[:, k].max() < c, (name, k)
        print(ds)
    for name in ('mnist', 'cifar10'):
        try: load_dataset(name, root=root/'dl', download=True); raise SystemExit('download did not fail')
        except TrajrepError as e: assert 'needs a working torchvision' in str(e), e
    print('ok')
''')


def test_everything_works_without_torchvision():
    r = subprocess.run([sys.executable, '-c', SCRIPT], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().endswith('ok')
    assert len(r.stdout.strip().splitlines()) == len(SOURCES) + 1  # one line per dataset, then ok
