"""Benchmarks: alignment gold, MQM human judgements, speed. Data paths are always arguments."""
