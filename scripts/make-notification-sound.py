#!/usr/bin/env python3
"""Synthesises Reelwatch's notification chime: resources/sounds/notification.wav.

Two soft bell-like notes a fourth apart (G5, then C6), each a sine with two quiet overtones, a few
milliseconds of attack and an exponential decay; 16-bit mono PCM at 22,050 Hz, about 0.7 s and
about 31 KB. The output depends on nothing but this file (no randomness), so running the script
again gives the same bytes, and the generated file is committed: the build needs no Python.
--check allows one step of difference per sample, since another platform's maths library may round
a sine differently.

Usage:
    make-notification-sound.py              write resources/sounds/notification.wav
    make-notification-sound.py -o FILE      write FILE instead
    make-notification-sound.py --check      exit 1 unless the committed file is what this script makes
"""

import argparse
import io
import math
import os
import struct
import sys
import wave

SAMPLE_RATE = 22050
DURATION = 0.70  # seconds
PEAK = 0.30  # of full scale: a notification should not startle
FADE_OUT = 0.04  # seconds of linear fade at the end, so the file never ends on a click

# (start in seconds, frequency in Hz, relative loudness)
NOTES = [
    (0.00, 783.99, 0.85),  # G5
    (0.13, 1046.50, 1.00),  # C6
]
# (multiple of the fundamental, relative loudness, decay time constant in seconds)
PARTIALS = [
    (1.0, 1.00, 0.22),
    (2.0, 0.22, 0.10),
    (3.0, 0.06, 0.06),
]
ATTACK = 0.006  # seconds


def sample(t):
    """The chime's value at time t, before scaling to PEAK."""
    value = 0.0
    for start, frequency, loudness in NOTES:
        local = t - start
        if local < 0:
            continue
        attack = min(1.0, local / ATTACK)
        for multiple, partial_loudness, decay in PARTIALS:
            value += (loudness * partial_loudness * attack * math.exp(-local / decay)
                      * math.sin(2 * math.pi * frequency * multiple * local))
    return value


def render():
    """The WAV file's bytes."""
    count = int(SAMPLE_RATE * DURATION)
    raw = [sample(i / SAMPLE_RATE) for i in range(count)]
    fade_samples = int(SAMPLE_RATE * FADE_OUT)
    for i in range(fade_samples):
        raw[count - 1 - i] *= i / fade_samples
    scale = PEAK / max(abs(v) for v in raw)
    frames = b"".join(struct.pack("<h", int(round(v * scale * 32767))) for v in raw)

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(frames)
    return buffer.getvalue()


def matches(existing, expected):
    """Whether two renderings are the same file: identical header, samples at most one step apart."""
    header = 44  # the wave module writes the canonical 44-byte header for PCM
    if len(existing) != len(expected) or existing[:header] != expected[:header]:
        return False
    count = (len(expected) - header) // 2
    a = struct.unpack(f"<{count}h", existing[header:])
    b = struct.unpack(f"<{count}h", expected[header:])
    return all(abs(x - y) <= 1 for x, y in zip(a, b))


def main():
    default_output = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "resources", "sounds",
                                  "notification.wav")
    parser = argparse.ArgumentParser(description="Synthesise the notification chime.")
    parser.add_argument("-o", "--output", default=os.path.normpath(default_output), help="where to write the WAV")
    parser.add_argument("--check", action="store_true", help="compare with the existing file instead of writing")
    args = parser.parse_args()

    data = render()
    if args.check:
        try:
            with open(args.output, "rb") as existing:
                same = matches(existing.read(), data)
        except OSError as error:
            print(f"{args.output}: {error.strerror}", file=sys.stderr)
            return 1
        if not same:
            print(f"{args.output} differs from what {os.path.basename(__file__)} makes: run it again",
                  file=sys.stderr)
            return 1
        print(f"{args.output}: up to date ({len(data)} bytes)")
        return 0

    os.makedirs(os.path.dirname(args.output) or ".", exist_ok=True)
    with open(args.output, "wb") as out:
        out.write(data)
    print(f"wrote {args.output} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
