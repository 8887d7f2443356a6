"""Same arguments, same bytes: the seeds can be regenerated and diffed."""

from customer_lifecycle.datagen import TABLES, write_seeds

LINE_TABLES = ("raw_order_lines", "raw_products")  # the optional inputs of issue 21


def _bytes(directory):
    return {name: (directory / f"{name}.csv").read_bytes() for name in TABLES + LINE_TABLES}


def test_same_seed_gives_identical_csvs(tmp_path):
    write_seeds(tmp_path / "a", n_customers=600, seed=7)
    write_seeds(tmp_path / "b", n_customers=600, seed=7)
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")


def test_another_seed_gives_another_shop(tmp_path):
    write_seeds(tmp_path / "a", n_customers=600, seed=7)
    write_seeds(tmp_path / "b", n_customers=600, seed=8)
    assert all(_bytes(tmp_path / "a")[name] != _bytes(tmp_path / "b")[name] for name in TABLES + ("raw_order_lines",))


def test_committed_seeds_are_what_the_generator_writes(tmp_path, seeds_dir):
    write_seeds(tmp_path)
    assert _bytes(tmp_path) == _bytes(seeds_dir), "seeds/*.csv are stale: regenerate with write_seeds('seeds')"
