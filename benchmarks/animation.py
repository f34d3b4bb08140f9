"""How long an animation of a 1,000-step run takes to render and encode. Prints a table.

    python benchmarks/animation.py [--steps 1000] [--fps 30] [--duration 6] [--repeat 2]
                                   [--only SUBSTRING]

The race cases animate a race of 3 runs (every run drawn in every frame). The 3D case
needs OpenGL: run it on an X display (``QT_QPA_PLATFORM=xcb DISPLAY=:99 ... --only 3D``);
without one it is reported as skipped.

Each case is :func:`gdgui.ui.headless_animation.export_animation` of one run (the run
itself and the window are built once per case and timed apart), offscreen
(QT_QPA_PLATFORM=offscreen unless set). ``show`` is the time spent putting each
frame's runs on the plots (for the window: scrubbing it to the frame's step, which
redraws plots, readouts, Runs dock and step log), ``render`` painting the widget into
an image, ``encode`` the encoder's share (palette and GIF writing, or H.264). The best
of ``--repeat`` runs is kept.

Target: a 6-second 1280×720 MP4 of a 1,000-step run in a few seconds.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gdgui.core.experiment import Experiment  # noqa: E402
from gdgui.ui import animation as an  # noqa: E402
from gdgui.ui.docks import enable_shared_gl_contexts  # noqa: E402
from gdgui.ui.export import ensure_app  # noqa: E402
from gdgui.ui.headless_animation import export_animation  # noqa: E402


def experiment(steps: int) -> Experiment:
    return Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "saddle-valley"},
            "optimizer": {"name": "momentum", "lr": 0.01, "momentum": 0.9},
            "steps": steps,
            "init": [0.3, 1.4],
        }
    )


def race(steps: int) -> Experiment:
    """The run above and two more: gradient descent, and momentum from elsewhere."""
    exp = experiment(steps)
    return exp.add_run(exp.replace(optimizer={"name": "gd", "lr": 0.02})).add_run(
        exp.replace(init=[-0.6, 1.2], optimizer={"lr": 0.005})
    )


class Timed:
    """Wraps the job's sources and encoder to split the time between showing a frame's
    runs, painting it and encoding it."""

    SOURCES = (an.PlotSource, an.WindowSource, an.Surface3DSource)

    def __init__(self):
        self.show = self.render = self.encode = 0.0
        self._saved = [
            (cls, cls.__dict__.get("show"), cls.__dict__.get("grab")) for cls in self.SOURCES
        ]
        self._open = an.open_encoder

    def __enter__(self):
        timer = self

        def timed(orig, what):
            def call(self, *a):
                t = time.perf_counter()
                try:
                    return orig(self, *a)
                finally:
                    setattr(timer, what, getattr(timer, what) + time.perf_counter() - t)

            return call

        def open_encoder(path, fps):
            enc = timer._open(path, fps)
            add, close = enc.add, enc.close

            def timed(fn):
                def call(*a, **k):
                    t = time.perf_counter()
                    try:
                        return fn(*a, **k)
                    finally:
                        timer.encode += time.perf_counter() - t

                return call

            enc.add, enc.close = timed(add), timed(close)
            return enc

        for cls, show, grab in self._saved:
            if show is not None:
                cls.show = timed(show, "show")
            if grab is not None:
                cls.grab = timed(grab, "render")
        an.open_encoder = open_encoder
        return self

    def __exit__(self, *exc):
        for cls, show, grab in self._saved:
            if show is not None:
                cls.show = show
            if grab is not None:
                cls.grab = grab
        an.open_encoder = self._open


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--fps", type=float, default=30)
    ap.add_argument("--duration", type=float, default=6)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--only", default="", help="run only the cases whose name has this")
    args = ap.parse_args()
    one, three = experiment(args.steps), race(args.steps)
    cases = [  # name, experiment, plot, suffix, size, scale, time
        ("MP4 trajectory 1280×720", one, "trajectory", ".mp4", (1280, 720), 1, "linear"),
        ("MP4 trajectory 1280×720 log", one, "trajectory", ".mp4", (1280, 720), 1, "log"),
        ("MP4 window 1280×720", one, "window", ".mp4", (1280, 720), 1, "linear"),
        ("MP4 loss 640×360 at 2×", one, "loss", ".mp4", (640, 360), 2, "linear"),
        ("GIF loss 640×420", one, "loss", ".gif", (640, 420), 1, "linear"),
        ("GIF trajectory 640×420", one, "trajectory", ".gif", (640, 420), 1, "linear"),
        ("MP4 race ×3 trajectory 1280×720", three, "trajectory", ".mp4", (1280, 720), 1, "linear"),
        ("MP4 race ×3 window 1280×720", three, "window", ".mp4", (1280, 720), 1, "linear"),
        ("MP4 race ×3 3D view 1280×720", three, "surface3d", ".mp4", (1280, 720), 1, "linear"),
    ]
    cases = [c for c in cases if args.only in c[0]]
    enable_shared_gl_contexts()  # before the application: the 3D view needs it
    ensure_app()
    print(
        f"{args.steps:,}-step run, {args.duration:g} s at {args.fps:g} fps "
        f"({round(args.fps * args.duration)} video frames), best of {args.repeat}"
    )
    head = (
        f"{'case':<34} {'pixels':>10} {'drawn':>6} {'total s':>8} {'show s':>7} "
        f"{'render s':>9} {'encode s':>9} {'ms/frame':>9} {'file KB':>9}"
    )
    print(head)
    print("-" * len(head))
    with tempfile.TemporaryDirectory() as tmp:
        for name, exp, plot, suffix, size, scale, tm in cases:
            if plot == "surface3d" and an.surface3d_refusal(exp.build_problem()):
                print(f"{name:<34} skipped: {an.surface3d_refusal(exp.build_problem())}")
                continue
            best = None
            for r in range(args.repeat):
                out = Path(tmp) / f"{plot}-{r}{suffix}"
                drawn = []
                with Timed() as timer:
                    t0 = time.perf_counter()
                    export_animation(
                        exp,
                        out,
                        fps=args.fps,
                        duration=args.duration,
                        plot=plot,
                        time=tm,
                        scale=scale,
                        size=size,
                        progress=lambda d, _t, seen=drawn: seen.append(d),
                    )
                    total = time.perf_counter() - t0
                row = (
                    total,
                    timer.show,
                    timer.render,
                    timer.encode,
                    len(drawn),
                    out.stat().st_size,
                )
                if best is None or row[0] < best[0]:
                    best = row
            total, show, render, encode, n, nbytes = best
            w, h = size[0] * scale, size[1] * scale
            per_frame = 1000 * (show + render + encode) / n
            print(
                f"{name:<34} {f'{w}×{h}':>10} {n:>6} {total:>8.2f} {show:>7.2f} "
                f"{render:>9.2f} {encode:>9.2f} {per_frame:>9.1f} {nbytes / 1024:>9.0f}"
            )
    print(
        "total s includes the run and building the window (about 0.3 s); drawn: distinct "
        "steps rendered (the rest of the frames repeat them or hold the end)"
    )


if __name__ == "__main__":
    main()
