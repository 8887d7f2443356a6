"""`lifecycle`: the command line. Each subcommand is a thin shell over a module that does the work."""
from __future__ import annotations

import argparse
import os
import sys

from customer_lifecycle import cli_checks


def _run(args) -> int:
    from customer_lifecycle.main_job import run_main_job

    run_main_job(target=args.target, duckdb_path=args.duckdb_path)
    return 0


def _train(args) -> int:
    from customer_lifecycle.train import train
    from customer_lifecycle.warehouse import Warehouse

    train(Warehouse(args.target, duckdb_path=args.duckdb_path))
    return 0


def _generate(args) -> int:
    from customer_lifecycle import datagen

    if args.out.endswith(".duckdb"):
        datagen.write_duckdb(args.out, n_customers=args.customers, seed=args.seed)
    else:
        datagen.write_parquet(args.out, n_customers=args.customers, seed=args.seed)
    print(f"wrote a sample shop of {args.customers:,} customers to {args.out}")
    return 0


def _compile(args) -> int:
    from customer_lifecycle.compile import to_sql

    features = args.features.split(",") if args.features else None
    print(to_sql(cli_checks.load_fitted_model(args.model), features, dialect=args.dialect, output=args.output))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lifecycle", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="build the marts, train, compile and build the scores; print a summary")
    run.add_argument("--target", help="dbt target from profiles.yml (default: duckdb)")
    run.add_argument("--duckdb-path", type=cli_checks.writable_duckdb_path,
                     help="DuckDB file for the duckdb target (default: customer_lifecycle.duckdb)")
    run.set_defaults(handler=_run)

    train = commands.add_parser("train", help="train on customer_features, write macros/generated, the registry "
                                             "and the model card (the marts must be built)")
    train.add_argument("--target", help="dbt target from profiles.yml (default: duckdb)")
    train.add_argument("--duckdb-path", type=cli_checks.existing_duckdb_file,
                       help="DuckDB file for the duckdb target (default: customer_lifecycle.duckdb)")
    train.set_defaults(handler=_train)

    generate = commands.add_parser("generate", help="write a simulated sample shop (Parquet dir or .duckdb file)")
    generate.add_argument("--customers", type=cli_checks.positive_int, default=100_000)
    generate.add_argument("--seed", type=int, default=42)
    generate.add_argument("--out", required=True, type=cli_checks.generate_out,
                          help="a directory for Parquet files, or a path ending in .duckdb")
    generate.set_defaults(handler=_generate)

    compile_ = commands.add_parser("compile", help="print a fitted scikit-learn model as one SQL expression")
    compile_.add_argument("model", help="a joblib file holding a fitted estimator or pipeline")
    compile_.add_argument("--dialect", default="duckdb", help="any sqlglot dialect (duckdb, postgres, spark, ...)")
    compile_.add_argument("--output", default="probability", choices=["probability", "class", "decision", "value"])
    compile_.add_argument("--features", help="comma-separated column names (default: the model's feature_names_in_)")
    compile_.set_defaults(handler=_compile)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except Exception as error:  # one clear line for the user; the traceback with LIFECYCLE_DEBUG=1
        if os.environ.get("LIFECYCLE_DEBUG"):
            raise
        print(f"lifecycle {args.command}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
