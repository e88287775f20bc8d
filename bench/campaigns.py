#!/usr/bin/env python3
"""The campaigns list and a campaign's page, on a small store (100 campaigns over 10,000 tracker rows: pages as full
as on a big one) and on one holding 10,000 campaigns over 1,000,000 tracker rows, on SQLite and PostgreSQL (see
campaigns.sh). One client asks each query in turn; the table gives the median and p99 latency, the service's CPU
per request (from /proc/PID/stat), and the ratio of the big store's median to the small one's."""
import argparse, http.client, json, os, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import Postgres, free_port, wait_until_up  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
KEY = "bench-key"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


class Service:
    def __init__(self, work, name, settings):
        self.port = free_port()
        env = dict(os.environ, ASPNETCORE_URLS=f"http://127.0.0.1:{self.port}", ASPNETCORE_ENVIRONMENT="Production",
                   Management__ApiKeys__0=KEY, Serilog__MinimumLevel__Default="Warning", **settings)
        self.log = open(os.path.join(work, f"{name}.log"), "w")
        self.proc = subprocess.Popen(["dotnet", os.path.join(work, "iotpush", "IoTPush.Service.dll")], cwd=work, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        wait_until_up(self.port, self.proc)
        self.http = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def get(self, path):
        self.http.request("GET", path, headers={"X-Api-Key": KEY})
        response = self.http.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}: {body[:200]!r}")
        return json.loads(body)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def queries(service):
    """The questions an operator's dashboard asks, the deepest page of the list among them."""
    asked = {
        "list, first page": "/api/upgrades?limit=100",
        "list, active only": "/api/upgrades?active=true&limit=100",
        "list, software only": "/api/upgrades?kind=software&limit=100",
    }
    path, cursor = "/api/upgrades?limit=100", None
    for _ in range(50):  # the 51st page: 5,000 campaigns in (the last page of a smaller store)
        page = service.get(path + (f"&cursor={cursor}" if cursor else ""))
        if not page["nextCursor"]:
            break
        cursor = page["nextCursor"]
    asked["list, page 51 (or last)"] = path + (f"&cursor={cursor}" if cursor else "")
    first = service.get("/api/upgrades?limit=1")["items"][0]["operationId"]
    asked["campaign, failed devices"] = f"/api/upgrades/{first}?result=FAIL"
    asked["campaign, first page"] = f"/api/upgrades/{first}?limit=100"
    return asked


def measure(service, path, count):
    for _ in range(20):
        service.get(path)  # warm: JIT, caches, plans
    times = []
    cpu_before = cpu_seconds(service.proc.pid)
    for _ in range(count):
        started = time.perf_counter()
        service.get(path)
        times.append(time.perf_counter() - started)
    cpu = cpu_seconds(service.proc.pid) - cpu_before
    times.sort()
    return {"median": statistics.median(times) * 1000, "p99": times[int(len(times) * 0.99) - 1] * 1000,
            "cpu_us": cpu / count * 1e6}


def seed_sqlite(work, name, devices, operations):
    db = os.path.join(work, f"{name}.db")
    settings = {"ConnectionStrings__IoTPush": f"Data Source={db}"}
    Service(work, name + "-schema", settings).stop()  # the service creates its schema
    subprocess.run([sys.executable, os.path.join(HERE, "seed-rows.py"), db, str(devices), str(operations)],
                   check=True, capture_output=True)
    return settings


def seed_postgres(work, postgres, name, devices, operations):
    database = name.replace("-", "_")
    settings = {"Storage__Provider": "Postgres", "ConnectionStrings__IoTPush": postgres.create(database)}
    Service(work, name + "-schema", settings).stop()  # the service creates its schema
    postgres.psql(database, seed_sql(devices, operations))
    return settings


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--devices", type=int, default=1_000_000)
    parser.add_argument("--operations", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--providers", default="sqlite,postgres")
    args = parser.parse_args()

    postgres = Postgres(args.work) if "postgres" in args.providers else None
    print(f"# Campaign queries: 100 campaigns over 10,000 tracker rows vs {args.operations:,} over {args.devices:,}\n")
    print("| store | query | small: median ms | big: median ms | big: p99 ms | big: CPU µs/request | big ÷ small (median) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    try:
        for provider in args.providers.split(","):
            results = {}
            for size, devices, operations in (("small", 10_000, 100), ("big", args.devices, args.operations)):
                name = f"{provider}-{size}"
                started = time.time()
                settings = (seed_sqlite(args.work, name, devices, operations) if provider == "sqlite"
                            else seed_postgres(args.work, postgres, name, devices, operations))
                print(f"  {name}: seeded {devices:,} rows in {time.time() - started:.0f} s", file=sys.stderr)
                service = Service(args.work, name, settings)
                try:
                    results[size] = {label: measure(service, path, args.requests) for label, path in queries(service).items()}
                finally:
                    service.stop()
            for label, big in results["big"].items():
                small = results["small"][label]
                print(f"| {provider} | {label} | {small['median']:.2f} | {big['median']:.2f} | {big['p99']:.2f} | "
                      f"{big['cpu_us']:.0f} | {big['median'] / small['median']:.2f} |")
    finally:
        if postgres:
            postgres.stop()


def seed_sql(devices, operations):
    """The same campaigns as seed-rows.py, made by the database itself."""
    return f"""
    INSERT INTO upgrades (operation_id, sub_operation_id, device_id, kind, state, result, source_version, target_version,
                          current_version, error_code, first_seen_at, updated_at, notifications)
    SELECT 'op-seed-' || (i % {operations}), 'sub-' || i, 'seed-' || i,
           CASE WHEN (i % {operations}) % 5 = 0 THEN 'software' ELSE 'firmware' END, 'updating',
           CASE WHEN (i / {operations}) % 10 < 6 THEN 'SUCCESS' WHEN (i / {operations}) % 10 < 8 THEN 'FAIL' END,
           '1.3', '1.6', '1.3', NULL, now() - make_interval(secs => {devices} - i), now() - make_interval(secs => {devices} - i), 1
    FROM generate_series(0, {devices} - 1) AS i;
    INSERT INTO campaigns
    SELECT operation_id, count(*), count(*) FILTER (WHERE kind = 'firmware'), count(*) FILTER (WHERE kind = 'software'),
           count(*) FILTER (WHERE state = 'idle'), count(*) FILTER (WHERE state = 'downloading'),
           count(*) FILTER (WHERE state = 'downloaded'), count(*) FILTER (WHERE state = 'updating'),
           count(*) FILTER (WHERE result = 'SUCCESS'), count(*) FILTER (WHERE result = 'FAIL'), min(first_seen_at), max(updated_at)
    FROM upgrades WHERE operation_id LIKE 'op-seed-%' GROUP BY operation_id;
    ANALYZE;
    """


if __name__ == "__main__":
    main()
