"""The process's SparkSession, built exactly as dbt-spark's session method builds it.

dbt-spark (method: session) calls `SparkSession.builder.enableHiveSupport()` with the profile's
server_side_parameters and `getOrCreate()` for every statement, so whichever of dbt and Python comes first
creates the one session of the process. Building it here from the same profile settings means Python
queries see the same catalog, metastore and warehouse directory as dbt, whoever starts first.
"""

from __future__ import annotations

# dbt-spark forces ANSI mode off (Spark 4 turns it on by default); Python queries must see the same semantics.
_DBT_SPARK_FIXED = {"spark.sql.ansi.enabled": "false"}
# Warehouse.read collects training data through Arrow, not Python row objects.
_ARROW_READS = {"spark.sql.execution.arrow.pyspark.enabled": "true"}


def session(settings: dict):
    """The SparkSession for a `type: spark, method: session` profile output (created on first call)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in {**settings.get("server_side_parameters", {}), **_DBT_SPARK_FIXED, **_ARROW_READS}.items():
        builder = builder.config(str(key), str(value))
    spark = builder.getOrCreate()
    # dbt-spark re-applies the static settings on every statement; Spark warns each time that they are kept.
    spark.sparkContext.setLogLevel("ERROR")
    return spark
