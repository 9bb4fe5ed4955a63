"`trajrep run` as a user runs it: the whole study, interrupted and started again."
import json, re, subprocess
from conftest import TINY_RUN, start_trajrep, interrupt_after
from trajrep.study import STAGES


def test_run_interrupted_picks_up_where_it_stopped(tmp_path, trajrep):
    run = tmp_path/'run'
    p = start_trajrep('run', *TINY_RUN, '--out', run, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = interrupt_after(p, run, 'extract')  # Ctrl-C during the probes
    assert p.returncode == 130 and 'interrupted' in err, (p.returncode, err)
    assert not (run/'report.html').exists()
    before = {f: (run/f).stat().st_mtime_ns for f in ('checkpoint.pt', 'trajectories.npz')}
    r = trajrep('run', *TINY_RUN, '--out', run)
    assert r.returncode == 0, r.stderr
    skipped = re.findall(r'^\[(\w+)\] done before', r.stdout, re.M)
    assert skipped == list(STAGES[:STAGES.index('probe')]), r.stdout  # the stages before the probes
    assert {f: (run/f).stat().st_mtime_ns for f in before} == before  # finished stages were not redone
    page = (run/'report.html').read_text()
    assert '<table>' in page and 'data:image/png;base64,' in page
    assert set(json.loads((run/'run.json').read_text())['seconds']) == set(STAGES)
    # the decoded stage's generator is the one `trajrep sample` tunes for the codes at t = 0.5: found, not tuned again
    gen = run/'generator_t0.5'/'checkpoint.pt'
    before = gen.stat().st_mtime_ns
    r = trajrep('sample', run/'checkpoint.pt', '--images', '1', '--per-image', '1', '--steps', '2', '--generator-steps',
                '2', '--out', tmp_path/'samples', '--no-progress', check=True)
    assert f'drawn by {gen}' in r.stderr and 'tuning' not in r.stderr and gen.stat().st_mtime_ns == before, r.stderr


def test_report_of_a_missing_folder(tmp_path, trajrep):
    r = trajrep('report', tmp_path/'nowhere')
    assert r.returncode == 2 and 'does not exist' in r.stderr and 'Traceback' not in r.stderr


def test_run_over_seeds_interrupted_picks_up_in_its_seed(tmp_path, trajrep):
    run = tmp_path/'run'
    p = start_trajrep('run', *TINY_RUN, '--seeds', '2', '--out', run, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                      text=True)
    out, err = interrupt_after(p, run/'seed_1', 'extract')  # Ctrl-C during the second seed's probes
    assert p.returncode == 130 and 'interrupted' in err, (p.returncode, err)
    assert (run/'seed_0'/'report.html').exists() and not (run/'report.html').exists()
    r = trajrep('run', *TINY_RUN, '--seeds', '2', '--out', run)
    assert r.returncode == 0, r.stderr
    first, second = r.stdout.split('== seed 1')
    assert re.findall(r'^\[(\w+)\] done before', first, re.M) == list(STAGES[:-1]), r.stdout  # seed 0: all done
    assert re.findall(r'^\[(\w+)\] done before', second, re.M) == ['data', 'train', 'extract'], r.stdout
    m = json.loads((run/'metrics.json').read_text())
    assert m['seeds'] == ['0', '1'] and set(m['per_seed']['1']) == set(m['per_seed']['0'])
    assert m['summary']['probes.shape.gru']['values'] == [m['per_seed'][s]['probes.shape.gru'] for s in ('0', '1')]
    assert 'over 2 training seeds' in (run/'report.md').read_text()
