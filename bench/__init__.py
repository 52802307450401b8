"""Benchmarks of vnqi (not part of the default test suite). See bench/README.md."""
