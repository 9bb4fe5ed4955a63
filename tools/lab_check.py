"""Open trajrep's explorer in JupyterLab, in headless Chromium (offline), and check that its widget is drawn and live.

    apt-get install chromium          # the Debian package; once
    python tools/lab_check.py runs/shapes/seed_0 [SCREENSHOT]    # default: RUN/lab_screenshot.png

A one-cell notebook `Explorer(RUN).widget()` is executed in a temporary folder (nbconvert, storing the widget state as
JupyterLab does on save) and trusted; JupyterLab serves it on a free local port, and Chromium, driven over its DevTools
protocol, opens it. JupyterLab's widget manager must draw in the cell's output the explorer (sliders for test image and
t, the task dropdown, the figure as a decoded image): (1) from the saved state alone; (2) connected to a live kernel,
after the page runs the cell; (3) with a new t and a new figure after an arrow-key press on the t slider. A screenshot
is written to the second argument (default: lab_screenshot.png in the run folder); the server, Chromium and the
temporary folder are removed, also on failure.
"""
import base64, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path
import nbformat, websocket
from nbconvert.preprocessors import ExecutePreprocessor
from nbformat.sign import NotebookNotary

PROBE = """(() => {
  const out = document.querySelector('.jp-Notebook .jp-Cell-outputArea');
  if (!out) return {text: 'no cell output'};
  const all = s => [...out.querySelectorAll(s)], img = out.querySelector('.widget-output img');
  return {sliders: all('.widget-slider').length, dropdowns: all('.widget-dropdown').length, text: out.innerText,
          disconnected: all('.jupyter-widgets-disconnected').length, t: all('.widget-readout').pop()?.textContent,
          labels: all('.widget-label').map(e => e.textContent),
          image: img && img.complete && img.naturalWidth ? [img.naturalWidth, img.naturalHeight] : null,
          figure: img ? [...img.src].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0) : null};
})()"""
RUN_CELL = """(async () => { const panel = [...jupyterapp.shell.widgets('main')].find(w => w.sessionContext);
  jupyterapp.shell.activateById(panel.id); await panel.sessionContext.ready;
  return await jupyterapp.commands.execute('notebook:run-all-cells'); })()"""
FOCUS_T = "[...document.querySelectorAll('.widget-label')].find(e => e.textContent == 't').parentElement" \
          ".querySelector('.noUi-handle').focus()"
SEEN = {}  # the latest view of the cell's output, for the failure message


def notebook(run: Path, tmp: Path) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        f"from trajrep.explorer import Explorer\nExplorer({str(run)!r}).widget()")])
    ExecutePreprocessor(timeout=600, kernel_name='python3', store_widget_state=True).preprocess(
        nb, {'metadata': {'path': str(tmp)}})
    if 'widgets' not in nb.metadata: sys.exit(f"FAILED: executing the explorer for {run} stored no widget state.")
    NotebookNotary(data_dir=str(tmp)).sign(nb)  # trusted, or JupyterLab shows the widget's plain-text stand-in
    nbformat.write(nb, tmp/'explorer.ipynb')
    return tmp/'explorer.ipynb'


def wait(until, timeout: float, every: float = 1.0):
    "until()'s first true value within timeout seconds, or None."
    end = time.time() + timeout
    while time.time() < end:
        try: got = until()
        except OSError: got = None  # not answering yet
        if got: return got
        time.sleep(every)


def lab(tmp: Path, procs: list) -> int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    news = tmp/'settings'/'@jupyterlab'/'apputils-extension'/'notification.jupyterlab-settings'
    news.parent.mkdir(parents=True); news.write_text('{"fetchNews": "false"}')  # no news prompt over the picture
    procs.append(subprocess.Popen(
        ['jupyter', 'lab', '--no-browser', '--allow-root', '--ServerApp.ip=127.0.0.1', f'--ServerApp.port={port}',
         '--ServerApp.port_retries=0', '--IdentityProvider.token=', f'--ServerApp.root_dir={tmp}',
         f'--LabApp.workspaces_dir={tmp}/workspaces', f'--LabApp.user_settings_dir={tmp}/settings',
         '--LabApp.extension_manager=readonly', '--LabApp.news_url=None', '--LabApp.expose_app_in_browser=True',
         f'--NotebookNotary.data_dir={tmp}'], cwd=tmp, env={**os.environ, 'JUPYTER_RUNTIME_DIR': str(tmp/'runtime')},
        stdout=subprocess.DEVNULL, stderr=open(tmp/'lab.log', 'w')))
    if not wait(lambda: urllib.request.urlopen(f'http://127.0.0.1:{port}/api/status').status == 200, 90):
        sys.exit(f"FAILED: JupyterLab did not answer on port {port} within 90 s.")
    return port


def chromium(tmp: Path, procs: list):
    "Start headless Chromium; return a function that sends one DevTools command to its page and returns the result."
    exe = next((shutil.which(n) for n in ('chromium', 'chromium-browser', 'google-chrome') if shutil.which(n)), None)
    if not exe: sys.exit("No Chromium found: install it with `apt-get install chromium` (Debian) and run this again.")
    flags = ['--window-size=1400,1000', '--remote-debugging-port=0', f'--user-data-dir={tmp}/chromium']
    procs.append(subprocess.Popen([exe, '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', *flags,
                                   'about:blank'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    file = tmp/'chromium'/'DevToolsActivePort'
    port = wait(lambda: file.exists() and file.read_text().split('\n')[0], 30, 0.2)
    if not port: sys.exit("FAILED: Chromium opened no DevTools port within 30 s.")
    pages = json.load(urllib.request.urlopen(f'http://127.0.0.1:{port}/json/list'))
    ws = websocket.create_connection(next(p for p in pages if p['type'] == 'page')['webSocketDebuggerUrl'],
                                     suppress_origin=True, timeout=120)
    ids = iter(range(1, 10**9))
    def send(method: str, **params):
        ws.send(json.dumps({'id': (i := next(ids)), 'method': method, 'params': params}))
        while (reply := json.loads(ws.recv())).get('id') != i: pass
        return reply.get('result', {})
    return send


def explorer(send, live: bool, other: dict | None = None):
    "The cell's output if it shows the whole explorer (connected to a kernel if live, with a new t if other)."
    v = send('Runtime.evaluate', expression=PROBE, returnByValue=True)['result'].get('value') or {}
    SEEN.clear(); SEEN.update(v)
    whole = v.get('labels') == ['test image', 'task', 't'] and (v['sliders'], v['dropdowns']) == (2, 1) and v['image']
    new = not other or (v['t'] != other['t'] and v['figure'] != other['figure'])
    return v if whole and (v['disconnected'] == 0) == live and new else None


def step(what: str, until, timeout: float) -> dict:
    return wait(until, timeout, 2) or sys.exit(f"FAILED: {what} within {timeout:.0f} s; the cell's output showed "
                                               f"{SEEN.get('text', 'nothing')[:300]!r}.")


def main(run: Path, shot: Path, timeout: float = 240):
    for name in ('checkpoint.pt', 'trajectories.npz'):
        if not (run/name).exists(): sys.exit(f"{run} has no {name}: expected a run folder written by `trajrep run`.")
    tmp, procs, start = Path(tempfile.mkdtemp(prefix='lab_check_')), [], time.time()
    try:
        page = notebook(run.resolve(), tmp)
        port = lab(tmp, procs)
        send = chromium(tmp, procs)
        send('Page.navigate', url=f'http://127.0.0.1:{port}/lab/tree/{page.name}')
        saved = step("JupyterLab drew no explorer from the saved widget state", lambda: explorer(send, False), timeout)
        send('Runtime.evaluate', expression=RUN_CELL, awaitPromise=True)
        live = step("running the cell in JupyterLab drew no live explorer", lambda: explorer(send, True), timeout)
        send('Runtime.evaluate', expression=FOCUS_T)
        for kind in ('keyDown', 'keyUp'):
            send('Input.dispatchKeyEvent', type=kind, key='ArrowRight', code='ArrowRight', windowsVirtualKeyCode=39)
        moved = step("the arrow key on the t slider did not redraw", lambda: explorer(send, True, live), timeout)
        time.sleep(1)  # let the layout settle before the picture
        shot.write_bytes(base64.b64decode(send('Page.captureScreenshot', format='png')['data']))
    finally:
        for p in reversed(procs): p.terminate()
        for p in reversed(procs): p.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"ok: JupyterLab draws the explorer of {run} ({', '.join(saved['labels'])}; a {saved['image'][0]}x"
          f"{saved['image'][1]} figure) from the saved state and on a live kernel, and the t slider's arrow key "
          f"redraws it (t {live['t']} -> {moved['t']}), in {time.time() - start:.0f} s; screenshot {shot}")


if __name__ == '__main__':
    run = Path(sys.argv[1] if len(sys.argv) > 1 else 'runs/shapes/seed_0')
    main(run, Path(sys.argv[2]) if len(sys.argv) > 2 else run/'lab_screenshot.png')
