"""How long the TUI takes to say "Loaded": sgtui is started in a pseudo-terminal, its output
read into a terminal emulator (pyte), and the time taken from the start until the screen shows
the "Loaded N groups and M rules." message; then it is told to quit (q).

    python tui_load.py SGTUI_BINARY [ARGS...]

Prints the seconds, the peak resident memory until then (MB) and the message. Exits 1 if the
message does not come within a minute.
"""

import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time

import pyte

COLUMNS, LINES = 160, 48
# The rows at the bottom where messages are shown.
BOTTOM = 3
# A cursor move to a row (and column): where the drawing of changed cells starts again.
MOVE = re.compile(rb"\x1b\[(\d*)(?:;\d*)?H")


def loaded_line(screen, seconds, first_row):
    """The seconds and the line of the screen from `first_row` on that says "Loaded", if one
    does."""
    for row in range(first_row, LINES):
        cells = screen.buffer[row]
        line = "".join(cells[x].data for x in range(COLUMNS))
        if "Loaded " in line and " rules." in line:
            return seconds, line.strip()
    return None


def main():
    argv = sys.argv[1:]
    screen = pyte.Screen(COLUMNS, LINES)
    stream = pyte.ByteStream(screen)
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    loaded = None
    tail = b""
    deadline = start + 60
    while loaded is None and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            data = os.read(fd, 1 << 16)
        except OSError:
            break
        if not data:
            break
        # The screen is drawn by changed cells only, so the message may never be written
        # whole, and the next one may replace it later in the same read. So the output is fed
        # a cursor move at a time, and the bottom rows read after each move into them.
        seen = time.monotonic()
        joined = tail + data
        cuts = [(0, None)]
        for move in MOVE.finditer(joined):
            cuts.append((max(0, move.start() - len(tail)), int(move.group(1) or 1)))
        tail = joined[-16:]
        cuts.append((len(data), None))
        for (cut, row), (next_cut, _) in zip(cuts, cuts[1:]):
            stream.feed(data[cut:next_cut])
            if row is not None and row > LINES - BOTTOM:
                loaded = loaded_line(screen, seen - start, LINES - BOTTOM)
                if loaded is not None:
                    break
        if loaded is None:
            loaded = loaded_line(screen, seen - start, 0)
    # Its peak resident memory until then.
    peak = 0
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) // 1024
    except OSError:
        pass
    try:
        os.write(fd, b"q")
        end = time.monotonic() + 5
        while time.monotonic() < end:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if select.select([fd], [], [], 0.1)[0]:
                os.read(fd, 1 << 16)
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
    except OSError:
        pass
    if loaded is None:
        print("the TUI never said Loaded; its screen:", file=sys.stderr)
        for line in screen.display:
            print(line.rstrip(), file=sys.stderr)
        sys.exit(1)
    seconds, line = loaded
    message = line[line.index("Loaded ") : line.index(" rules.") + len(" rules.")]
    print(f"{seconds:.2f} {peak} {message}")


if __name__ == "__main__":
    main()
