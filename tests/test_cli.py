"The `trajrep` command as a user runs it: a real process, its exit status, its files and what it prints."
import json, subprocess


def trajrep(*args, cwd=None):
    return subprocess.run(['trajrep', *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_help_lists_the_subcommands():
    r = trajrep('--help')
    assert r.returncode == 0 and all(c in r.stdout for c in ('data', 'train', 'extract', 'probe', 'mi', 'attention', 'run', 'report', 'bench'))


def test_data_writes_gallery_and_summary(tmp_path):
    r = trajrep('data', '--n-train', '90', '--n-test', '18', '--out', str(tmp_path/'run'))
    assert r.returncode == 0, r.stderr
    summary = json.loads((tmp_path/'run'/'dataset.json').read_text())
    assert (summary['n_train'], summary['n_test']) == (90, 18)
    assert summary['tasks']['shape']['train_counts'] == [18] * 5
    assert (tmp_path/'run'/'gallery.png').read_bytes()[:4] == b'\x89PNG'


def test_default_output_folder_is_under_runs(tmp_path):
    r = trajrep('data', '--dataset', 'digits', '--size', '16', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path/'runs'/'digits'/'gallery.png').exists()


def one_clear_sentence(r, *words):
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert 'Traceback' not in r.stderr and r.stderr.strip().count('\n') == 0, r.stderr
    for w in words: assert w in r.stderr, (w, r.stderr)


def test_bad_input_gets_one_sentence_and_no_output(tmp_path):
    out = tmp_path/'out'
    one_clear_sentence(trajrep('data', '--dataset', 'cifar10', '--root', str(tmp_path/'missing'), '--out', str(out)), 'missing', 'does not exist')
    one_clear_sentence(trajrep('data', '--dataset', 'mnist', '--out', str(out)), 'give the directory')
    one_clear_sentence(trajrep('data', '--size', '7', '--out', str(out)), 'size 7')
    one_clear_sentence(trajrep('data', '--n-train', '-3', '--out', str(out)), 'n_train', '-3')
    one_clear_sentence(trajrep('data', '--dataset', 'digits', '--n-train', '5', '--out', str(out)), "'n_train'")
    assert not out.exists()


def test_bench_of_a_folder_without_a_run(tmp_path):
    one_clear_sentence(trajrep('bench', '--run', str(tmp_path), '--out', str(tmp_path/'bench')), 'no run.json')
    assert not (tmp_path/'bench').exists()


def test_usage_errors_exit_2(tmp_path):
    r = trajrep('data', '--dataset', 'imagenet')
    assert r.returncode == 2 and 'invalid choice' in r.stderr


def test_debug_shows_the_traceback(tmp_path):
    r = trajrep('--debug', 'data', '--size', '7', '--out', str(tmp_path/'out'))
    assert r.returncode != 0 and 'Traceback' in r.stderr and 'TrajrepError' in r.stderr
