"""Which collected tests a run asked for. The orchestrator resolves the user's
selection (--test, -k) into test ids beforehand, so the driver only matches ids:
a selected id picks that test, every parametrisation of it ("id[...]") and,
for a class id, every test of the class ("id.")."""

from . import protocol


def matcher(selected):
    """A predicate over test ids, or None when the whole module runs."""
    if not selected:
        return None
    exact = set(selected)
    prefixes = tuple(s + "." for s in selected) + tuple(s + "[" for s in selected)

    def wanted(test_id):
        return test_id in exact or test_id.startswith(prefixes)

    return wanted


def unmatched(selected, test_ids):
    """The selected ids that pick no collected test."""
    if not selected:
        return []
    return [s for s in selected if not any(matcher([s])(t) for t in test_ids)]


def report_unmatched(ctx, selected, test_ids):
    """A selection naming a test the module does not have is an error the user must see.
    True when it was reported (nothing of the module runs then)."""
    missing = unmatched(selected, test_ids)
    if not missing:
        return False
    shown = ", ".join(test_ids[:10]) + (", ..." if len(test_ids) > 10 else "")
    ctx.emit(protocol.ModuleError(kind="selection",
                                  message="%s: no such test in %s (it has: %s)" % (", ".join(missing), ctx.module, shown or "no tests"),
                                  traceback=None))
    return True
