"The `trajrep` command as a user runs it: a real process, its exit status, its files and what it prints."
import json
from trajrep.data import SHAPES


def test_help_lists_the_subcommands(trajrep):
    r = trajrep('--help', timeout=300)
    assert r.returncode == 0
    subcommands = ('data', 'train', 'extract', 'sample', 'likelihood', 'bpd', 'diffenc-study', 'probe', 'mi',
                   'attention', 'run', 'report', 'bench')
    assert all(c in r.stdout for c in subcommands)


def test_data_writes_gallery_and_summary(tmp_path, trajrep):
    r = trajrep('data', '--n-train', '90', '--n-test', '18', '--out', str(tmp_path/'run'), timeout=300)
    assert r.returncode == 0, r.stderr
    summary = json.loads((tmp_path/'run'/'dataset.json').read_text())
    assert (summary['n_train'], summary['n_test']) == (90, 18)
    assert summary['tasks']['shape']['train_counts'] == [90 // len(SHAPES)] * len(SHAPES)  # balanced
    assert (tmp_path/'run'/'gallery.png').read_bytes()[:4] == b'\x89PNG'


def test_default_output_folder_is_under_runs(tmp_path, trajrep):
    r = trajrep('data', '--dataset', 'digits', '--size', '16', cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr
    assert (tmp_path/'runs'/'digits'/'gallery.png').exists()


def one_clear_sentence(r, *words):
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert 'Traceback' not in r.stderr and r.stderr.strip().count('\n') == 0, r.stderr
    for w in words: assert w in r.stderr, (w, r.stderr)


def test_bad_input_gets_one_sentence_and_no_output(tmp_path, trajrep):
    out = tmp_path/'out'
    def data(*args): return trajrep('data', *args, '--out', str(out), timeout=300)
    one_clear_sentence(data('--dataset', 'cifar10', '--root', str(tmp_path/'missing')), 'missing', 'does not exist')
    one_clear_sentence(data('--dataset', 'mnist'), 'give the directory')
    one_clear_sentence(data('--size', '7'), 'size 7')
    one_clear_sentence(data('--n-train', '-3'), 'n_train', '-3')
    one_clear_sentence(data('--dataset', 'digits', '--n-train', '5'), "'n_train'")
    assert not out.exists()


def test_bench_of_a_folder_without_a_run(tmp_path, trajrep):
    r = trajrep('bench', '--run', str(tmp_path), '--out', str(tmp_path/'bench'), timeout=300)
    one_clear_sentence(r, 'no run.json')
    assert not (tmp_path/'bench').exists()


def test_usage_errors_exit_2(tmp_path, trajrep):
    r = trajrep('data', '--dataset', 'imagenet', timeout=300)
    assert r.returncode == 2 and 'invalid choice' in r.stderr
    r = trajrep('data', '--bogus', timeout=300)  # argparse's top parser finds it; the subcommand's help is named
    assert r.returncode == 2 and r.stderr == "trajrep data: error: unrecognized arguments: --bogus " \
                                             "(see trajrep data --help)\n", r.stderr
    r = trajrep('--bogus', 'data', timeout=300)  # before the subcommand: trajrep's own option, trajrep's help
    assert r.returncode == 2 and r.stderr == "trajrep: error: unrecognized arguments: --bogus (see trajrep --help)\n", \
        r.stderr


def test_debug_shows_the_traceback(tmp_path, trajrep):
    r = trajrep('--debug', 'data', '--size', '7', '--out', str(tmp_path/'out'), timeout=300)
    assert r.returncode != 0 and 'Traceback' in r.stderr and 'TrajrepError' in r.stderr
