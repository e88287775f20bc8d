#!/usr/bin/env python3
"""Reliability checks against a real IoTPush process (see reliability.sh). Loopback only; every loop is bounded."""
import argparse, http.client, json, os, random, signal, socket, sqlite3, subprocess, sys, threading, time

RESULTS = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    def __init__(self, work, data, settings=None):
        self.port = free_port()
        self.db = os.path.join(data, "iotpush.db")
        env = dict(os.environ, ASPNETCORE_URLS=f"http://127.0.0.1:{self.port}", ASPNETCORE_ENVIRONMENT="Production",
                   ConnectionStrings__IoTPush=f"Data Source={self.db}", Serilog__MinimumLevel__Default="Warning")
        env.update(settings or {})
        self.log = open(os.path.join(work, "service.log"), "a")
        dll = os.path.join(work, "iotpush", "IoTPush.Service.dll")
        self.proc = subprocess.Popen(["dotnet", dll], env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=work)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"service exited with {self.proc.returncode}; see {self.log.name}")
            try:
                if get(self.port, "/health/ready")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("service did not become ready")

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as status:
            return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))

    def stop(self, sig=signal.SIGTERM, timeout=60):
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=timeout)


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def push_body(tag, i):
    return json.dumps({"notifyType": "swUpgradeStateChangeNotify", "deviceId": f"{tag}-{i}", "appId": "reliability",
                       "operationId": "op-reliability", "subOperationId": f"s-{i % 50}", "swUpgradeState": "downloading"})


class Load:
    """Worker threads posting unique pushes over keep-alive connections, keeping the id of every 200."""

    def __init__(self, port, tag, workers=8, query="", pace=0.0, bodies=None):
        self.port, self.tag, self.query, self.pace = port, tag, query, pace
        self.bodies = bodies or (lambda worker, i: push_body(f"{self.tag}-{worker}", i))
        self.acknowledged, self.statuses, self.errors = [], {}, 0
        self.lock, self.running = threading.Lock(), True
        self.threads = [threading.Thread(target=self.work, args=(w,), daemon=True) for w in range(workers)]
        for thread in self.threads:
            thread.start()

    def work(self, worker):
        connection, i = None, 0
        while self.running:
            i += 1
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
                connection.request("POST", "/v1.0.0/messageReceiver" + self.query, self.bodies(worker, i),
                                   {"Content-Type": "application/json"})
                response = connection.getresponse()
                body = response.read()
                with self.lock:
                    self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
                    if response.status == 200:
                        self.acknowledged.append(json.loads(body)["id"])
                if self.pace:
                    time.sleep(self.pace)
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.errors += 1
                connection = None
                time.sleep(0.02)

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=30)


def stored_ids(db):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM inbox")}


def hostile_bodies():
    """Pushes that once hurt others: NUL and control characters in ids, lone surrogates, names repeated in other case."""
    fw = ('{"notifyType":"fwUpgradeStateChangeNotify","deviceId":%s,"appId":"a","operationId":"o","subOperationId":"s",'
          '"step":"1","stepDesc":"downloading"%s}')
    repeated = '{"notifyType":"fwUpgradeStateChangeNotify"' + "".join(f',"p{i:05}x":1,"P{i:05}X":2' for i in range(2450)) + "}"
    return [fw % ('"dev\\u0000nul"', ""), fw % ('"dev\\u001b[31m"', ""), fw % ('"\\ud800"', ""),
            fw % ('"d"', ',"x\\ud800":1'), '{"notifyType":"x\\u0000y","deviceId":"d"}', '{"notifyType":"\\udc00","deviceId":"d"}',
            '{"notifyType":"someOtherType","deviceId":"\\u0000","data":"\\ud800"}', repeated]


def mixed(args, provider):
    """Valid pushes beside hostile ones and an unauthenticated flood: every valid push must be stored, none refused."""
    data = os.path.join(args.work, f"data-mixed-{provider}")
    os.makedirs(data, exist_ok=True)
    token = "platform-secret"
    # The flood alone would be far over the limit if it counted; the platform's pushes, hostile ones included, are not.
    settings = {"Receiver__CallbackTokens__0": token, "Receiver__RateLimit__PermitsPerSecond": "1000",
                "Receiver__RateLimit__Burst": "1000"}
    postgres = None
    if provider == "postgres":
        from bench import Postgres  # the throwaway server of the throughput benchmark
        postgres = Postgres(args.work)
        settings.update(Storage__Provider="Postgres", ConnectionStrings__IoTPush=postgres.create("mixed"))
    try:
        service = Service(args.work, data, settings)
        hostile = hostile_bodies()
        valid = Load(service.port, f"valid-{provider}", workers=2, query=f"?token={token}", pace=0.01)
        attack = Load(service.port, "attack", workers=2, query=f"?token={token}", pace=0.01,
                      bodies=lambda worker, i: hostile[(worker + i) % len(hostile)].replace("dev", f"dev{i}"))
        flood = Load(service.port, "flood", workers=3, query="?token=guess")
        readiness = {}
        ended = time.time() + args.mixed_seconds
        while time.time() < ended:
            status = get(service.port, "/health/ready")[0]
            readiness[status] = readiness.get(status, 0) + 1
            time.sleep(0.2)
        for load in (valid, attack, flood):
            load.stop()
        time.sleep(0.5)
        if postgres:
            stored = set(postgres.psql("mixed", "SELECT id FROM inbox").split())
        else:
            stored = stored_ids(service.db)
        service.stop()
        RESULTS.append((f"mixed load ({provider}): valid pushes beside hostile ones (NUL and control characters in ids, lone "
                        "surrogates, 63 KB of repeated names) and an unauthenticated flood, rate limit 1000/s",
                        f"valid {valid.statuses}, {len(valid.acknowledged)} acknowledged, "
                        f"{len(set(valid.acknowledged) - stored)} not stored; hostile {attack.statuses}; "
                        f"flood {flood.statuses}; /health/ready {readiness} over {args.mixed_seconds} s"))
    finally:
        if postgres:
            postgres.stop()


def cycles(args, name, sig):
    data = os.path.join(args.work, f"data-{name}")
    os.makedirs(data, exist_ok=True)
    acknowledged, lost, five_xx, errors, exits = 0, 0, 0, 0, []
    rng = random.Random(7)
    for cycle in range(args.cycles):
        service = Service(args.work, data)
        load = Load(service.port, f"{name}{cycle}")
        time.sleep(rng.uniform(1.0, 3.0))
        exits.append(service.stop(sig))
        time.sleep(0.3)
        load.stop()
        check = Service(args.work, data)  # restart on the same file, as an operator would
        missing = set(load.acknowledged) - stored_ids(check.db)
        check.stop()
        acknowledged += len(load.acknowledged)
        lost += len(missing)
        five_xx += sum(n for status, n in load.statuses.items() if status >= 500)
        errors += load.errors
    RESULTS.append((f"{name}: {args.cycles} cycles of {signal.Signals(sig).name} under load (8 workers)",
                    f"{acknowledged} pushes acknowledged, {lost} lost, {five_xx} answered 5xx, "
                    f"{errors} connections refused/reset while down; exit codes {sorted(set(exits))}"))


def outage(args):
    if os.geteuid() != 0:
        RESULTS.append(("outage: disk full", "skipped: needs root to mount a small tmpfs"))
        return
    mount = os.path.join(args.work, "small-disk")
    os.makedirs(mount, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount], check=True)
    try:
        service = Service(args.work, mount, {"Receiver__StoreTimeout": "00:00:02"})
        before = Load(service.port, "before", workers=2)
        time.sleep(1)
        before.stop()
        filler = os.path.join(mount, "filler")
        with open(filler, "wb") as f:  # fill the disk
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        during = Load(service.port, "during", workers=4)
        time.sleep(3)
        during.stop()
        started = time.time()
        connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=20)
        connection.request("POST", "/v1.0.0/messageReceiver", push_body("probe", 0), {"Content-Type": "application/json"})
        probe = connection.getresponse()
        probe_body, retry_after, probe_seconds = probe.read(), probe.getheader("Retry-After"), time.time() - started
        ready_while_full = get(service.port, "/health/ready")[0]
        # The disk comes back and no push arrives (a load balancer sends none to an instance that is not ready):
        # readiness must find out by itself.
        os.remove(filler)
        freed = time.time()
        while get(service.port, "/health/ready")[0] != 200 and time.time() - freed < 30:
            time.sleep(0.2)
        ready_after = time.time() - freed
        after = Load(service.port, "after", workers=2)
        time.sleep(2)
        after.stop()
        stored = stored_ids(service.db)
        acknowledged = before.acknowledged + during.acknowledged + after.acknowledged
        service.stop()
        RESULTS.append(("outage: disk full (SQLite on a 16 MB tmpfs, filled)",
                        f"while full: {during.statuses}; a push answered {probe.status} in {probe_seconds:.2f} s "
                        f"(Retry-After {retry_after}); /health/ready {ready_while_full}. When the space came back, with no push "
                        f"sent, /health/ready answered 200 after {ready_after:.1f} s; then, without a restart: {after.statuses}. "
                        f"{len(acknowledged)} acknowledged in all, "
                        f"{len(set(acknowledged) - stored)} of them not stored."))
    finally:
        for _ in range(20):
            if subprocess.run(["umount", mount], capture_output=True).returncode == 0:
                break
            time.sleep(0.5)
        else:
            subprocess.run(["umount", "-l", mount], check=False)


def hostile(args):
    data = os.path.join(args.work, "data-hostile")
    os.makedirs(data, exist_ok=True)
    service = Service(args.work, data)
    rng = random.Random(11)
    seed = push_body("h", 0).encode()
    bodies = [seed[:n] for n in range(len(seed))]
    bodies += [bytes(rng.randrange(256) if rng.random() < 0.05 else b for b in seed) for _ in range(6000)]
    bodies += [b'{"notifyType":"x","a":' + b"[" * d + b"]" * d + b"}" for d in (100, 1000, 10000)]
    bodies += [seed.replace(b'"h-0"', b'"' + b"x" * rng.randrange(1000, 90000) + b'"') for _ in range(300)]
    bodies += [seed.replace(b'"h-0"', v) for v in (b"1e999999", b"[]", b"{}", b"true", b'"a\x00b"', b'"\xff\xfe"') for _ in range(50)]
    bodies += [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))) for _ in range(3000)]
    statuses = {}
    connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=10)
    rss = []
    for round_ in range(2):
        for body in bodies:
            try:
                connection.request("POST", "/v1.0.0/messageReceiver", body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                statuses[response.status] = statuses.get(response.status, 0) + 1
            except (OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=10)
                statuses["closed"] = statuses.get("closed", 0) + 1
        rss.append(service.rss_mb())
    alive = get(service.port, "/health/ready")[0]
    service.stop()
    RESULTS.append((f"hostile: {len(bodies)} bodies sent twice (truncated, damaged bytes, deep nesting, huge strings, "
                    "wrong types, NUL and invalid UTF-8, random bytes)",
                    f"statuses {dict(sorted(statuses.items(), key=str))}; RSS after round 1 {rss[0]:.0f} MB, after round 2 "
                    f"{rss[1]:.0f} MB; /health/ready afterwards {alive}"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--mixed-seconds", type=int, default=20)
    parser.add_argument("checks", nargs="*", default=["crash", "term", "outage", "hostile", "mixed"])
    args = parser.parse_args()
    checks = " ".join(args.checks).split()
    for check in checks:
        print(f"running {check} ...", file=sys.stderr)
        if check == "crash":
            cycles(args, "crash", signal.SIGKILL)
        elif check == "term":
            cycles(args, "term", signal.SIGTERM)
        elif check == "outage":
            outage(args)
        elif check == "hostile":
            hostile(args)
        elif check == "mixed":
            mixed(args, "sqlite")
            mixed(args, "postgres")
    print(f"# IoTPush reliability checks, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    for name, result in RESULTS:
        print(f"- **{name}**: {result}")


if __name__ == "__main__":
    main()
