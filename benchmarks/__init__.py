"""What `make bench` runs: tables of timings and sizes.  Nothing here asserts on time."""
