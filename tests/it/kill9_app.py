"""kill -9 during the terminal app's save, TRIALS times (tests/it/kill9.rs runs it).

Usage: kill9_app.py FLEETPLAN PLAN OLD NEW calibrate | trial SECONDS. Each run writes OLD to PLAN, starts the app
on it in a pseudo-terminal of 100 x 30, makes one edit (the hall tab, then clear) and presses save. `calibrate`
prints the seconds from the save key to the file's change (and fails unless the file became NEW); `trial SECONDS`
sends SIGKILL that long after the save key and prints `old`, `new` or `torn`.
"""
import fcntl, os, pty, select, signal, struct, sys, termios, time

binary, plan, old_path, new_path, mode = sys.argv[1:6]
old, new = open(old_path, 'rb').read(), open(new_path, 'rb').read()


def drain(fd, until=None, quiet=0.05, limit=30.0):
    """Reads the app's output until `until` appears (or, with none, until it is quiet for `quiet` s)."""
    seen, start = b'', time.time()
    while time.time() - start < limit:
        if not select.select([fd], [], [], quiet)[0]:
            if until is None:
                return seen
            continue
        try:
            seen += os.read(fd, 65536)
        except OSError:
            return seen
        if until is not None and until in seen:
            return seen
    sys.exit('the app did not draw in time')


def start():
    with open(plan, 'wb') as f:
        f.write(old)
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 30, 100, 0, 0))
        os.environ['TERM'] = 'xterm'
        os.execv(binary, [binary, plan])
    drain(fd, b'Greensboro')
    for key in (b'2', b'd'):
        os.write(fd, key)
        drain(fd)
    return pid, fd


def stop(pid, fd):
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)


pid, fd = start()
t0 = time.time()
if mode == 'calibrate':
    os.write(fd, b's')
    while open(plan, 'rb').read() == old and time.time() - t0 < 10:
        time.sleep(0.0002)
    save = time.time() - t0
    stop(pid, fd)
    if open(plan, 'rb').read() != new:
        sys.exit('calibration: the save did not write the expected text')
    print('%.6f' % save)
else:
    os.write(fd, b's')
    time.sleep(float(sys.argv[6]))
    stop(pid, fd)
    text = open(plan, 'rb').read()
    print('old' if text == old else 'new' if text == new else 'torn')
