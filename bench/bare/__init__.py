"""A bare Django project with one insert view: what the sign POST is compared with (bench/README.md)."""
