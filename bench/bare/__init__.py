"""A bare Django insert view: the floor the sign POST is compared with (bench/README.md)."""
