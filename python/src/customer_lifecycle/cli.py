"""`lifecycle`: the command line. Each subcommand is a thin shell over a module that does the work."""

from __future__ import annotations

import argparse
import os
import sys

from customer_lifecycle import __version__, cli_checks


def add_dbt_options(command: argparse.ArgumentParser, duckdb_path) -> None:
    """The options every subcommand that talks to dbt takes, read as dbt reads them; `duckdb_path` checks
    that option (a file to write, or one that must exist)."""
    command.add_argument("--project-dir", help="the dbt project (default: the current directory, as for dbt)")
    command.add_argument(
        "--profiles-dir",
        help="folder of profiles.yml (default, as dbt: DBT_PROFILES_DIR, the current directory if it has one, ~/.dbt)",
    )
    command.add_argument(
        "--target", help="dbt target from profiles.yml (default, as dbt: DBT_TARGET, the profile's target)"
    )
    command.add_argument("--log-path", help="folder of dbt.log (default, as dbt: DBT_LOG_PATH, the project's logs/)")
    command.add_argument("--vars", help="dbt vars, a YAML or JSON mapping, e.g. '{lifecycle_label_horizon_days: 180}'")
    command.add_argument(
        "--duckdb-path",
        type=duckdb_path,
        help="DuckDB file, for profiles that read env_var('LIFECYCLE_DUCKDB_PATH') as this "
        "repository's does (default: customer_lifecycle.duckdb)",
    )


def warehouse_options(args) -> dict:
    """The keyword arguments of Warehouse for the dbt options of `args`; the vars checked by the rules the
    build's on-run-start hook applies, a warning for each var the package does not declare, and the profile's
    DuckDB file usable, before anything runs."""
    from customer_lifecycle.package_version import check_installed_package
    from customer_lifecycle.project import parse_vars
    from customer_lifecycle.var_names import unknown_var_warnings
    from customer_lifecycle.var_rules import validate_vars
    from customer_lifecycle.warehouse import Warehouse

    variables = parse_vars(args.vars)
    validate_vars(variables)
    options = {
        "target": args.target,
        "duckdb_path": args.duckdb_path,
        "vars": variables,
        "project_dir": args.project_dir,
        "profiles_dir": args.profiles_dir,
        "log_path": args.log_path,
    }
    warehouse = Warehouse(**options)
    check_installed_package(warehouse.project)  # the installed dbt package is the CLI's release
    for warning in unknown_var_warnings(warehouse.project):
        print(f"lifecycle {args.command}: warning: {warning}", file=sys.stderr)
    if args.duckdb_path is None:  # the parser checked --duckdb-path; the profile's own file is checked here
        cli_checks.profile_duckdb_usable(warehouse)
    return options


def _run(args) -> int:
    from customer_lifecycle.main_job import run_main_job

    run_main_job(full_refresh=args.full_refresh, select=args.select, exclude=args.exclude, **warehouse_options(args))
    return 0


def _train(args) -> int:
    from customer_lifecycle.main_job import NEXT_AFTER_TRAIN, metric_tables
    from customer_lifecycle.train import train
    from customer_lifecycle.warehouse import Warehouse

    report = train(Warehouse(**warehouse_options(args)))
    print(
        f"\n{metric_tables(report.registry)}\n\nNext, build the scores on the new models (and your models on them):\n"
        f"  {NEXT_AFTER_TRAIN}"
    )
    return 0


def _report(args) -> int:
    from customer_lifecycle.report import write_report
    from customer_lifecycle.warehouse import Warehouse

    path = write_report(Warehouse(**warehouse_options(args)), args.out, flow_months=args.flow_months)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def _generate(args) -> int:
    from customer_lifecycle import datagen

    if args.out.endswith(".duckdb"):
        datagen.write_duckdb(args.out, n_customers=args.customers, seed=args.seed)
    else:
        datagen.write_parquet(args.out, n_customers=args.customers, seed=args.seed)
    print(f"wrote a sample shop of {args.customers:,} customers to {args.out}")
    return 0


def _init(args) -> int:
    from pathlib import Path

    from customer_lifecycle.scaffold import Inputs, write_project

    path = Path(args.path)
    write_project(
        path,
        Inputs(args.source_schema, args.orders_table, args.customers_table, args.events_table),
        package=args.package,
    )
    shop = "the package's sample shop" if args.orders_table is None else f"your table {args.orders_table}"
    print(
        f"wrote a dbt project in {path} reading {shop}; its packages.yml:\n{(path / 'packages.yml').read_text()}"
        f"Next:\n  cd {path}\n  dbt deps\n  lifecycle run"
    )
    return 0


def _compile(args) -> int:
    from customer_lifecycle.compile import to_sql

    features = args.features.split(",") if args.features else None
    print(to_sql(cli_checks.load_fitted_model(args.model), features, dialect=args.dialect, output=args.output))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lifecycle", description=__doc__)
    parser.add_argument("--version", action="version", version=f"lifecycle {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="build the marts, train, compile and build the scores; print a summary")
    add_dbt_options(run, duckdb_path=cli_checks.writable_duckdb_path)
    run.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild the incremental models whole (after changing vars or the package, or loading old orders)",
    )
    run.add_argument(
        "--select", nargs="+", help="as dbt build's: narrows both builds (the package's scoring always builds)"
    )
    run.add_argument("--exclude", nargs="+", help="as dbt build's: left out of both builds")
    run.set_defaults(handler=_run)

    train = commands.add_parser(
        "train",
        help="train on customer_features, write macros/generated, the registry "
        "and the model card (the marts must be built)",
    )
    add_dbt_options(train, duckdb_path=cli_checks.existing_duckdb_file)
    train.set_defaults(handler=_train)

    report = commands.add_parser(
        "report",
        help="write a self-contained HTML report of the stages, RFM, scores, "
        "models and data quality (the marts and scores must be built)",
    )
    add_dbt_options(report, duckdb_path=cli_checks.existing_duckdb_file)
    report.add_argument("--out", default="lifecycle_report.html", help="HTML file to write")
    report.add_argument("--flow-months", type=int, default=3, help="months shown in the stage-flow Sankey")
    report.set_defaults(handler=_report)

    generate = commands.add_parser("generate", help="write a simulated sample shop (Parquet dir or .duckdb file)")
    generate.add_argument("--customers", type=cli_checks.positive_int, default=100_000)
    generate.add_argument("--seed", type=int, default=42)
    generate.add_argument(
        "--out",
        required=True,
        type=cli_checks.generate_out,
        help="a directory for Parquet files, or a path ending in .duckdb",
    )
    generate.set_defaults(handler=_generate)

    init = commands.add_parser(
        "init",
        help="write a new dbt project that installs customer_lifecycle (dbt_project.yml "
        "with the package's vars, profiles.yml, packages.yml)",
    )
    init.add_argument("path", help="the project's folder (made if missing; no file in it is overwritten)")
    init.add_argument(
        "--package",
        help="the dbt package's source: a git URL (at this CLI's release tag) or a local "
        "checkout (default: where this CLI was pip-installed from)",
    )
    init.add_argument("--source-schema", help="schema of your raw tables (default: the target schema)")
    init.add_argument("--orders-table", help="your orders table (default: none, the package's sample shop)")
    init.add_argument("--customers-table", help="your sign-ups table, if you have one")
    init.add_argument("--events-table", help="your site events table, if you have one")
    init.set_defaults(handler=_init)

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
