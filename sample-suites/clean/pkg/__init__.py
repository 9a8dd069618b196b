"""A regular package inside the suite: its tests use relative imports."""
