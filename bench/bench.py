#!/usr/bin/env python3
"""Runs each benchmark case against a freshly started server and prints one table (see run.sh)."""
import argparse, glob, os, re, shutil, tempfile, socket, sqlite3, subprocess, sys, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = ('{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"warm","appId":"bench-app","operationId":"op-bench",'
        '"subOperationId":"warm","step":"1","stepDesc":"downloading"}')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port, proc, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/v1.0.0/messageReceiver", data=SEED.encode(),
                                         headers={"Content-Type": "application/json"})
            urllib.request.urlopen(req, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not come up")


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU the process has used (/proc/PID/stat): steadier than req/s on a shared machine."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_wrk(port, seconds, connections):
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "15s",
                          "-s", os.path.join(HERE, "unique-pushes.lua"), f"http://127.0.0.1:{port}"],
                         check=True, capture_output=True, text=True).stdout
    def number(pattern, default=0.0):
        match = re.search(pattern, out)
        return float(match.group(1)) if match else default
    def latency_ms(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return {"rps": number(r"Requests/sec:\s+([\d.]+)"), "requests": int(number(r"(\d+) requests in")),
            "non2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")) + errors,
            "p50": latency_ms(50), "p99": latency_ms(99), "raw": out}


class Inbox:
    def __init__(self, path):
        self.path = path

    def query(self, sql):
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30) as db:
            return db.execute(sql).fetchone()[0]

    def stored(self):
        return self.query("SELECT count(*) FROM inbox WHERE app_id = 'bench-app'")

    def pending(self):
        return self.query("SELECT count(*) FROM inbox WHERE status = 'pending'")


class PostgresInbox(Inbox):
    def __init__(self, server, database):
        self.server, self.database = server, database

    def query(self, sql):
        return int(self.server.psql(self.database, sql))


class Postgres:
    """A throwaway PostgreSQL server (initdb as the postgres user when run as root), synchronous_commit=on."""

    def __init__(self, work):
        self.bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
        # Its own directory under /tmp: the work directory is root's alone, and postgres could not enter it.
        self.dir, self.port = tempfile.mkdtemp(prefix="iotpush-bench-pg-"), free_port()
        if os.geteuid() == 0:
            subprocess.run(["chown", "postgres", self.dir], check=True)
        self.run("initdb", "-D", f"{self.dir}/data", "-A", "trust", "-U", "postgres", "--no-locale", "-E", "UTF8")
        self.run("pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w", "-o",
                 f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c synchronous_commit=on", "start")

    def run(self, tool, *arguments):
        command = [os.path.join(self.bin, tool), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    def psql(self, database, sql):
        return self.run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-tAc", sql).strip()

    def create(self, database):
        self.psql("postgres", f"CREATE DATABASE {database}")
        return f"Host=127.0.0.1;Port={self.port};Username=postgres;Database={database}"

    def stop(self):
        self.run("pg_ctl", "-D", f"{self.dir}/data", "-m", "fast", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


# Each IoTPush case: the settings it runs with, and whether its dispatcher runs (so the backlog can drain).
CASES = {
    "sqlite": ({}, True),
    "sqlite-batch1": ({"Storage__MaxBatchSize": "1"}, True),
    "sqlite-1m": ({}, True),
    "postgres": ({"Storage__Provider": "Postgres"}, True),
    # The breakdown: the same service with parts switched off, to show where the time goes.
    "receive-only": ({"Dispatch__Enabled": "false"}, False),
    "receive-only-nolog": ({"Dispatch__Enabled": "false", "Serilog__MinimumLevel__Default": "Warning"}, False),
}


def run_case(name, args):
    port = free_port()
    data = os.path.join(args.work, f"data-{name}")
    os.makedirs(data, exist_ok=True)
    db = os.path.join(data, "iotpush.db")
    env = dict(os.environ, ASPNETCORE_URLS=f"http://127.0.0.1:{port}", ASPNETCORE_ENVIRONMENT="Production",
               DOTNET_gcServer="0", ConnectionStrings__IoTPush=f"Data Source={db}")
    if name == "baseline":
        command = ["dotnet", os.path.join(args.work, "baseline", "Baseline.dll")]
    else:
        command = ["dotnet", os.path.join(args.work, "iotpush", "IoTPush.Service.dll")]
        settings, dispatching = CASES[name]
        env.update(settings)
        if name == "postgres":
            args.postgres = args.postgres or Postgres(args.work)
            env["ConnectionStrings__IoTPush"] = args.postgres.create("bench")
        if name == "sqlite-1m":
            # Create the schema, stop, and fill the file before the measured start.
            seed_proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            wait_until_up(port, seed_proc)
            seed_proc.terminate(); seed_proc.wait()
            started = time.time()
            subprocess.run([sys.executable, os.path.join(HERE, "seed-rows.py"), db, str(args.seed_rows)],
                           check=True, capture_output=True)
            print(f"  seeded {args.seed_rows:,} rows in {time.time() - started:.0f} s", file=sys.stderr)
    log = open(os.path.join(args.work, f"{name}.log"), "w")
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(port, proc)
        run_wrk(port, args.warmup, args.connections)
        inbox = None if name == "baseline" else PostgresInbox(args.postgres, "bench") if name == "postgres" else Inbox(db)
        before = inbox.stored() if inbox else 0
        cpu_before = cpu_seconds(proc.pid)
        result = run_wrk(port, args.duration, args.connections)
        result["name"] = name
        result["answered"] = result["requests"] - result["non2xx"]
        if inbox:
            result["backlog"] = inbox.pending()
            if dispatching:
                started = time.time()
                while inbox.pending() > 0 and time.time() - started < 120:
                    time.sleep(0.05)
                result["drain"] = time.time() - started
            result["stored"] = inbox.stored() - before
        # Up to the end of the drain: the dispatch of the load's pushes is part of their cost.
        result["cpu_us"] = (cpu_seconds(proc.pid) - cpu_before) / max(result["requests"], 1) * 1e6
        result["rss"] = peak_rss_mb(proc.pid)
        return result
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seed-rows", type=int, default=1_000_000)
    parser.add_argument("--cases", default="baseline,sqlite,sqlite-batch1,sqlite-1m,postgres,receive-only,receive-only-nolog")
    args = parser.parse_args()
    args.postgres = None

    results = {}
    try:
        for name in args.cases.split(","):
            print(f"running {name} ...", file=sys.stderr)
            results[name] = run_case(name, args)
    finally:
        if args.postgres:
            args.postgres.stop()

    cpu = open("/proc/cpuinfo").read().count("processor\t:")
    print(f"# IoTPush benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    print(f"wrk: 1 thread, {args.connections} connections, {args.duration} s after {args.warmup} s warm-up; "
          f"every body unique; {cpu} cores shared by wrk and the server.\n")
    print("| case | req/s | × baseline | service CPU µs/req | p50 ms | p99 ms | non-2xx | 200s | rows stored | backlog at end | drain s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    base = results.get("baseline", {}).get("rps")
    for r in results.values():
        ratio = f"{r['rps'] / base:.2f}" if base else "n/a"
        drain = f"{r['drain']:.1f}" if "drain" in r else "—"
        print(f"| {r['name']} | {r['rps']:.0f} | {ratio} | {r['cpu_us']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['non2xx']} | "
              f"{r['answered']} | {r.get('stored', '—')} | {r.get('backlog', '—')} | {drain} | {r['rss']:.0f} |")
    print()
    if "sqlite" in results and "sqlite-batch1" in results:
        print(f"- group commit vs batch size 1: {results['sqlite']['rps'] / results['sqlite-batch1']['rps']:.1f}×")
    if "sqlite" in results and "sqlite-1m" in results:
        print(f"- with {args.seed_rows:,} rows already stored vs empty: {results['sqlite-1m']['rps'] / results['sqlite']['rps']:.2f}×")
    lost = [r["name"] for r in results.values() if "stored" in r and r["stored"] < r["answered"]]
    print(f"- every 200 has its row: {'NO, in ' + ', '.join(lost) if lost else 'yes'} "
          "(rows can exceed 200s by the requests in flight when wrk stopped)")
    if "postgres" in results and base:
        print(f"- PostgreSQL (local, synchronous_commit=on): {results['postgres']['rps'] / base:.2f}× the baseline")


if __name__ == "__main__":
    main()
