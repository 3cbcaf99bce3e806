"""The load run of `make bench`, on one database: data, a real server, scenarios, import.

    .venv/bin/python bench/run.py --db sqlite --saisines 100000
    .venv/bin/python bench/run.py --db postgres --saisines 1000000 --people 100000

1. (unless --skip-data) a fresh database (SQLite file under --data-dir, or the PostgreSQL
   database of --database-url dropped and created again), `lien migrate`, `lien bench-data`
   (with --people, also the national association network: people followed, 10 contacts and
   2 appointments each, a directory of min(people / 2, 50 000) services);
2. gunicorn on 127.0.0.1 (a free port), Lien's production settings without HTTPS;
3. each scenario of bench/locustfile.py, headless, bounded in time and in requests (the
   community ones when the data has the association network);
4. `lien import-saisines` of a generated CSV into a fund, timed (created, then updated);
5. the export of the largest fund, whole, in CSV then XLSX through the export view (bench/export.py),
   timed, with the growth of the process's peak memory;
6. a table on stdout and bench/results-<db>.json.
Traffic goes to 127.0.0.1 only.
"""

import argparse
import json
import os
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"

# (label, user class of bench/locustfile.py); the page scenarios run when /saisines/ exists.
API_SCENARIOS = [
    ("home list (API)", "ApiHomeList"),
    ("late queue (API)", "ApiLateQueue"),
    ("search (API)", "ApiSearch"),
    ("saisine (API)", "ApiSaisine"),
    ("annual report, fund (API)", "ApiFundReport"),
    ("annual report, national (API)", "ApiNationalReport"),
]
PAGE_SCENARIOS = [
    ("home list (page)", "PageHomeList"),
    ("search (page)", "PageSearch"),
    ("saisine (page)", "PageSaisine"),
]
# The association network (`lien bench-data --people N`): community mediation.
COMMUNITY_SCENARIOS = [
    ("person search (API)", "ApiPersonSearch"),
    ("call-back list, mine (API)", "ApiCallbacks"),
    ("call-back list, team (API)", "ApiCallbacksTeam"),
    ("team agenda (API)", "ApiAgenda"),
    ("directory search, distance (API)", "ApiDirectorySearch"),
]
COMMUNITY_PAGE_SCENARIOS = [
    ("person search (page)", "PagePersonSearch"),
    ("call-back list, mine (page)", "PageCallbacks"),
    ("team agenda (page)", "PageAgenda"),
    ("directory search, distance (page)", "PageDirectorySearch"),
]
# Last: a request of several seconds still runs in a worker when its scenario ends (gunicorn ends
# it after 30 s), and would slow the scenario after it.
COMMUNITY_REPORT_SCENARIOS = [
    ("programme report, association (API)", "ApiProgrammeReport"),
    ("programme report, national (API)", "ApiNationalProgrammeReport"),
]
TARGETS_MS = {  # p95 targets of issue 15 (this 2-core machine, 100 000 saisines in one fund)
    "home list (API)": 30,
    "late queue (API)": 30,
    "search (API)": 50,
    "saisine (API)": 20,
    "home list (page)": 30,
    "search (page)": 50,
    "saisine (page)": 20,
    "annual report, fund (API)": 300,
    "annual report, national (API)": 1000,
    # The association network: 100 000 people followed, 1 000 000 contacts, 50 000 services.
    "person search (API)": 50,
    "person search (page)": 50,
    "call-back list, mine (API)": 50,
    "call-back list, team (API)": 50,
    "call-back list, mine (page)": 50,
    "team agenda (API)": 50,
    "team agenda (page)": 50,
    "directory search, distance (API)": 50,
    "directory search, distance (page)": 50,
    "programme report, association (API)": 500,
    "programme report, national (API)": 500,
}
# Mediators, volunteers and reports at once (issue 15): ``--mixed-users`` spread evenly over these
# user classes of bench/locustfile.py, all in one run; each request's p95 is compared with its own
# scenario's (target: at most twice), and the run must have no failure.
MIXED_SAISINES = ["ApiHomeList", "PageHomeList", "ApiSearch", "PageSaisine", "ApiFundReport"]
MIXED_COMMUNITY = [
    "ApiPersonSearch",
    "PageCallbacks",
    "ApiAgenda",
    "PageDirectorySearch",
    "ApiProgrammeReport",
]
IMPORT_TARGET_ROWS_PER_S = 5000
EXPORT_TARGET_ROWS_PER_S = 10_000  # 100,000 rows in 10 s, in CSV and in XLSX


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/lien_bench")
    parser.add_argument("--data-dir", type=Path, help="default: var/bench-<db>")
    parser.add_argument("--saisines", type=int, default=1_000_000)
    parser.add_argument("--funds", type=int, default=100)
    parser.add_argument("--events-per-saisine", type=int, default=10)
    parser.add_argument("--skip-data", action="store_true", help="reuse the data of the previous run")
    parser.add_argument("--users", type=int, default=2, help="concurrent locust users per scenario")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--duration", type=int, default=30, help="seconds per scenario")
    parser.add_argument("--max-requests", type=int, default=2000, help="requests per scenario at most")
    parser.add_argument("--pages", choices=["auto", "yes", "no"], default="auto", help="page scenarios")
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument(
        "--people", type=int, default=0, help="people followed by the association network (0: none)"
    )
    parser.add_argument("--associations", type=int, default=40, help="local associations of the network")
    parser.add_argument(
        "--mixed-users", type=int, default=20, help="users of the mixed run, all scenarios at once (0: none)"
    )
    args = parser.parse_args()
    data_dir = (args.data_dir or ROOT / "var" / f"bench-{args.db}").resolve()
    env = _environment(args, data_dir)
    results: dict = {
        "database": args.db,
        "saisines_requested": args.saisines,
        "people_requested": args.people,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "load_average_at_start": os.getloadavg(),
        "settings": {k: getattr(args, k) for k in ("users", "workers", "duration", "max_requests")},
    }
    if not args.skip_data:
        _fresh_database(args, data_dir)
    _lien(env, "migrate", "--noinput", "-v0")
    if not args.skip_data:
        started = time.monotonic()
        _lien(
            env,
            "bench-data",
            "--saisines",
            str(args.saisines),
            "--funds",
            str(args.funds),
            "--events-per-saisine",
            str(args.events_per_saisine),
            "--people",
            str(args.people),
            "--associations",
            str(args.associations),
        )
        results["data_seconds"] = round(time.monotonic() - started, 1)
    results["dataset"] = _dataset(args, data_dir)
    accounts = data_dir / "bench" / "accounts.json"
    results["scenarios"], results["mixed"] = _scenarios(args, env, accounts, data_dir)
    results["import"] = _import(args, env, data_dir, json.loads(accounts.read_text()))
    results["export"] = _export(env)
    results["load_average_at_end"] = os.getloadavg()
    _print(results)
    out = ROOT / "bench" / f"results-{args.db}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"\nResults written to {out.relative_to(ROOT)}")


def _environment(args, data_dir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        LIEN_DATA_DIR=str(data_dir),
        LIEN_DEBUG="0",
        LIEN_HTTPS="0",
        LIEN_ALLOWED_HOSTS=HOST,
        LIEN_STATIC_MANIFEST="0",
        LIEN_LOG_LEVEL="ERROR",  # not one line per 4xx: failures are counted by the run
        # The bench's users have no second factor: the run measures the pages, not the login.
        LIEN_TWO_FACTOR="0",
    )
    if args.db == "postgres":
        env["LIEN_DATABASE_URL"] = args.database_url
    else:
        env.pop("LIEN_DATABASE_URL", None)
    return env


def _lien(env: dict, *command: str, capture: bool = False) -> subprocess.CompletedProcess:
    print(f"$ lien {' '.join(command)}", flush=True)
    done = subprocess.run([str(BIN / "lien"), *command], env=env, cwd=ROOT, capture_output=capture, text=True)
    if done.returncode:
        raise SystemExit(f"lien {command[0]} failed ({done.returncode}):\n{done.stderr or ''}"[-3000:])
    return done


def _fresh_database(args, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    if args.db == "sqlite":
        for path in data_dir.glob("lien.sqlite3*"):
            path.unlink()
        return
    import psycopg

    url = urlsplit(args.database_url)
    name = url.path.lstrip("/")
    if not name.startswith("lien_bench"):  # this script drops it: never another database
        raise SystemExit(f"The bench database must be named lien_bench…, not {name!r}.")
    maintenance = urlunsplit(url._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"PostgreSQL database {name} created again.")


def _dataset(args, data_dir: Path) -> dict:
    queries = {
        "saisines": "SELECT count(*) FROM saisines_saisine",
        "events": "SELECT count(*) FROM saisines_saisineevent",
        "people": "SELECT count(*) FROM people_person",
        "funds": "SELECT count(*) FROM accounts_organisation WHERE kind = 'fund'",
        "associations": "SELECT count(*) FROM accounts_organisation WHERE kind = 'association'",
        "followups": "SELECT count(*) FROM followup_followup",
        "contacts": "SELECT count(*) FROM followup_contact",
        "appointments": "SELECT count(*) FROM appointments_appointment",
        "services": "SELECT count(*) FROM directory_service",
    }
    if args.db == "sqlite":
        path = data_dir / "lien.sqlite3"
        with sqlite3.connect(path) as conn:
            found = {key: conn.execute(sql).fetchone()[0] for key, sql in queries.items()}
        found["size_mb"] = round(path.stat().st_size / 1e6)
        return found
    import psycopg

    with psycopg.connect(args.database_url.replace("postgres://", "postgresql://", 1)) as conn:
        found = {key: conn.execute(sql).fetchone()[0] for key, sql in queries.items()}
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        found["size_mb"] = round(size / 1e6)
        found["server"] = conn.execute("SHOW server_version").fetchone()[0]
        found["shared_buffers"] = conn.execute("SHOW shared_buffers").fetchone()[0]
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _status(url: str) -> int:
    request = urllib.request.Request(url, method="GET")  # noqa: S310 — http://127.0.0.1 only
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _scenarios(args, env: dict, accounts: Path, data_dir: Path) -> tuple[list[dict], list[dict]]:
    (data_dir / "static").mkdir(exist_ok=True)  # WhiteNoise warns at each start without it
    port = _free_port()
    base = f"http://{HOST}:{port}"
    log = data_dir / "bench" / "gunicorn.log"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "lien.wsgi:application",
            f"--workers={args.workers}",
            f"--bind={HOST}:{port}",
            "--log-level=warning",
            f"--error-logfile={log}",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        _wait_for(base, server)
        # Unauthenticated: an existing page redirects to the login, an unknown one is a 404.
        pages = args.pages == "yes" or (args.pages == "auto" and _status(f"{base}/saisines/") == 302)
        print(f"Server {base} (gunicorn, {args.workers} workers); saisine pages: {'yes' if pages else 'no'}")
        scenarios = API_SCENARIOS + (PAGE_SCENARIOS if pages else [])
        community = bool(json.loads(accounts.read_text()).get("community"))
        if community:
            scenarios += COMMUNITY_SCENARIOS + (COMMUNITY_PAGE_SCENARIOS if pages else [])
            scenarios += COMMUNITY_REPORT_SCENARIOS
        alone = [
            _run_scenario(label, user_class, args, env, accounts, base) for label, user_class in scenarios
        ]
        mixed = []
        if args.mixed_users:
            classes = MIXED_SAISINES + (MIXED_COMMUNITY if community else [])
            if not pages:
                classes = [name for name in classes if not name.startswith("Page")]
            mixed = _run_mixed(classes, alone, args, env, accounts, base)
        return alone, mixed
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_for(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped: see gunicorn.log under the data directory.")
        try:
            if _status(f"{base}/api/v1/me") == 401:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"No answer from {base} within 60 s.")


def _locust(
    user_classes: list[str], users: int, args, env: dict, accounts: Path, base: str
) -> tuple[dict, float]:
    """One headless locust run of these user classes; (timings and failures by request name, seconds)."""
    with tempfile.TemporaryDirectory() as tmp:
        timings = Path(tmp) / "timings.json"
        run_env = env | {
            "BENCH_ACCOUNTS": str(accounts),
            "BENCH_TIMINGS": str(timings),
            "BENCH_MAX_REQUESTS": str(args.max_requests),
            "BENCH_WARMUP_SECONDS": "3",
        }
        command = [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--host",
            base,
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{args.duration + 3}s",
            "--stop-timeout",
            "30",
            "--only-summary",
            "--loglevel",
            "WARNING",
            *user_classes,
        ]
        started = time.monotonic()
        subprocess.run(command, env=run_env, cwd=ROOT, capture_output=True, text=True, check=False)
        elapsed = time.monotonic() - started - 3
        data = json.loads(timings.read_text()) if timings.exists() else {"timings": {}, "failures": {}}
    data["timings"].pop("login", None)  # the page users' logins, before the measure
    return data, elapsed


def _summary(label: str, times: list[float], failures: int, elapsed: float) -> dict:
    times = sorted(times)
    return {
        "scenario": label,
        "requests": len(times),
        "requests_per_s": round(len(times) / max(elapsed, 1e-9), 1),
        "p50_ms": _percentile(times, 50),
        "p95_ms": _percentile(times, 95),
        "max_ms": round(times[-1]) if times else None,
        "failures": failures,
        "target_p95_ms": TARGETS_MS.get(label),
        "load_average": round(os.getloadavg()[0], 1),  # other work on the machine, for the reader
    }


def _run_scenario(label: str, user_class: str, args, env: dict, accounts: Path, base: str) -> dict:
    print(f"  {label}: {args.duration} s or {args.max_requests} requests…", flush=True)
    data, elapsed = _locust([user_class], args.users, args, env, accounts, base)
    times = [t for series in data["timings"].values() for t in series]
    return _summary(label, times, sum(data["failures"].values()), elapsed)


def _run_mixed(
    classes: list[str], alone: list[dict], args, env: dict, accounts: Path, base: str
) -> list[dict]:
    """Every class at once with ``--mixed-users`` users: a row per request name, with the p95 of
    its own scenario beside it, then the whole run."""
    users = args.mixed_users
    print(f"  mixed load, {users} users over {len(classes)} scenarios: {args.duration} s…", flush=True)
    data, elapsed = _locust(classes, users, args, env, accounts, base)
    single = {row["scenario"]: row["p95_ms"] for row in alone}
    rows = []
    for name, times in sorted(data["timings"].items()):
        row = _summary(name, times, data["failures"].get(name, 0), elapsed)
        row["alone_p95_ms"] = single.get(name)
        row["target_p95_ms"] = round(2 * single[name]) if single.get(name) else None
        rows.append(row)
    everything = [t for times in data["timings"].values() for t in times]
    rows.append(_summary(f"all ({users} users)", everything, sum(data["failures"].values()), elapsed))
    return rows


def _percentile(times: list[float], p: int) -> float | None:
    """Nearest rank: the smallest time with at least p % of the requests at or below it."""
    if not times:
        return None
    rank = max(1, -(-p * len(times) // 100))
    return round(times[rank - 1], 1)


def _import(args, env: dict, data_dir: Path, accounts: dict) -> list[dict]:
    rows = args.import_rows
    csv_path = data_dir / "bench" / f"import-{rows}.csv"
    prefix = f"I{int(time.time())}"
    _lien(env, "bench-data", "--csv", str(csv_path), "--saisines", str(rows), "--csv-prefix", prefix)
    fund = accounts["funds"][0]["slug"]
    # Django's start-up alone, to be subtracted from the import's wall time.
    started = time.monotonic()
    _lien(env, "import-saisines", "--help", capture=True)
    startup = time.monotonic() - started
    results = []
    for what in ("created", "updated"):
        started, cpu = time.monotonic(), _children_cpu()
        done = _lien(env, "import-saisines", str(csv_path), "--organisation", fund, capture=True)
        seconds, cpu = time.monotonic() - started, _children_cpu() - cpu
        print(f"    {done.stdout.strip()} in {seconds:.1f} s", flush=True)
        results.append(
            {
                "scenario": f"import {rows:,} rows ({what})",
                "rows": rows,
                "seconds": round(seconds, 1),
                "rows_per_s": round(rows / seconds),
                "rows_per_s_without_startup": round(rows / max(seconds - startup, 1e-9)),
                "cpu_seconds": round(cpu, 1),  # of the command alone (the database server's apart)
                "load_average": round(os.getloadavg()[0], 1),
                "target_rows_per_s": IMPORT_TARGET_ROWS_PER_S,
            }
        )
    return results


def _export(env: dict) -> list[dict]:
    """The largest fund exported whole, by its mediator, in a process of its own (bench/export.py):
    its own peak memory is the export's."""
    print("  export of the largest fund (CSV, XLSX)…", flush=True)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "export.py")], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"bench/export.py failed ({done.returncode}):\n{done.stderr}"[-3000:])
    results = []
    for line in done.stdout.splitlines():
        row = json.loads(line)
        results.append(
            row
            | {
                "scenario": f"export {row['rows']:,} rows ({row['format'].upper()})",
                "rows_per_s": round(row["rows"] / max(row["seconds"], 1e-9)),
                "load_average": round(os.getloadavg()[0], 1),
                "target_rows_per_s": EXPORT_TARGET_ROWS_PER_S,
            }
        )
    return results


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _print(results: dict) -> None:
    dataset = results["dataset"]
    print(
        f"\n== {results['database']}: {dataset['saisines']:,} saisines, {dataset['events']:,} events, "
        f"{dataset['funds']} funds, {dataset['size_mb']:,} MB; load average at start "
        f"{results['load_average_at_start'][0]:.1f} =="
    )
    if dataset.get("followups"):
        print(
            f"== associations: {dataset['associations']}, {dataset['followups']:,} people followed, "
            f"{dataset['contacts']:,} contacts, {dataset['appointments']:,} appointments, "
            f"{dataset['services']:,} directory services =="
        )
    print(
        f"{'scenario':<38} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'failures':>8}"
        f" {'load':>5}  target p95"
    )
    for row in results["scenarios"]:
        _print_timed(row)
    if results["mixed"]:
        print(
            "\nMixed load: every scenario at once (target: 0 failures, p95 at most twice its own scenario's)"
        )
        for row in results["mixed"]:
            _print_timed(row)
    for row in results["import"]:
        verdict = "ok" if row["rows_per_s"] >= row["target_rows_per_s"] else "MISSED"
        print(
            f"{row['scenario']:<38} {row['seconds']:>7.1f} s  {row['rows_per_s']:>7,} rows/s "
            f"({row['rows_per_s_without_startup']:,} without start-up; {row['cpu_seconds']} s CPU;"
            f" load {row['load_average']})"
            f"  ≥ {row['target_rows_per_s']:,} {verdict}"
        )
    for row in results["export"]:
        verdict = "ok" if row["rows_per_s"] >= row["target_rows_per_s"] else "MISSED"
        print(
            f"{row['scenario']:<38} {row['seconds']:>7.1f} s  {row['rows_per_s']:>7,} rows/s "
            f"({row['bytes'] / 1e6:,.1f} MB; peak memory +{row['peak_memory_growth_mb']} MB;"
            f" load {row['load_average']})"
            f"  ≥ {row['target_rows_per_s']:,} {verdict}"
        )


def _print_timed(row: dict) -> None:
    target = row["target_p95_ms"]
    verdict = (
        "" if target is None or row["p95_ms"] is None else ("ok" if row["p95_ms"] <= target else "MISSED")
    )
    print(
        f"{row['scenario']:<38} {row['requests']:>8} {row['requests_per_s']:>7} {_ms(row['p50_ms']):>8} "
        f"{_ms(row['p95_ms']):>8} {row['failures']:>8} {row['load_average']:>5}"
        f"  {f'≤ {target} {verdict}' if target else ''}"
    )


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


if __name__ == "__main__":
    if not shutil.which(str(BIN / "locust")):
        raise SystemExit("locust is missing: pip install -e '.[bench]' (make bench does it).")
    main()
