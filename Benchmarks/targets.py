"""The benchmarks' targets, read from targets.json beside this file: one place to change them."""
import json
import os

_TARGETS = None


def load():
    """Every target by name: {"max" or "min": bound, "unit": ..., "what": ...}."""
    global _TARGETS
    if _TARGETS is None:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "targets.json")) as f:
            _TARGETS = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
    return _TARGETS


def text(name):
    """The target as a table shows it: '<= 0.50x', '>= 2.00x', '<= 64 MiB'."""
    t = load()[name]
    op, bound = ("<=", t["max"]) if "max" in t else (">=", t["min"])
    unit = t["unit"]
    return f"{op} {bound:.2f}x" if unit == "x" else f"{op} {bound:g} {unit}"


def met(name, value):
    """Whether `value` meets the target `name`."""
    t = load()[name]
    return value <= t["max"] if "max" in t else value >= t["min"]


def bound(name):
    """The target's bound, whichever side it is on."""
    t = load()[name]
    return t["max"] if "max" in t else t["min"]
