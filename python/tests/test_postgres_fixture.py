import psycopg2


def test_postgres_server_answers(postgres_dsn):
    with psycopg2.connect(postgres_dsn) as conn, conn.cursor() as cur:
        cur.execute("select 1 + 1")
        assert cur.fetchone() == (2,)
