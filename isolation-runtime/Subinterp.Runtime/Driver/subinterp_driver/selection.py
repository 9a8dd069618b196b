"""Which collected tests a run asked for. The orchestrator resolves the user's
selection (--test, -k) into test ids beforehand, so the driver only matches ids:
a selected id picks that test, every parametrisation of it ("id[...]") and,
for a class id, every test of the class ("id.")."""


def matcher(selected):
    """A predicate over test ids, or None when the whole module runs."""
    if not selected:
        return None
    exact = set(selected)
    prefixes = tuple(s + "." for s in selected) + tuple(s + "[" for s in selected)

    def wanted(test_id):
        return test_id in exact or test_id.startswith(prefixes)

    return wanted
