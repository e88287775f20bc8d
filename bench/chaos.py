#!/usr/bin/env python3
"""Chaos check of the scale-out topology (see chaos.sh): two IoTPush instances on one PostgreSQL behind nginx, under
load, while the tracker's table is locked, an instance is killed, and the database is stopped. Loopback only; every
loop is bounded. Exits 1 when any invariant does not hold."""
import argparse, http.client, json, os, signal, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import Postgres, free_port  # noqa: E402  the throwaway server of the throughput benchmark

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEASE, HANDLER_TIMEOUT = 6, 2  # seconds: Dispatch:LeaseDuration and Dispatch:HandlerTimeout


class Instance:
    def __init__(self, work, name, connection_string):
        self.work, self.name, self.connection_string = work, name, connection_string
        self.port = free_port()
        self.proc = None
        self.start()

    def start(self):
        env = dict(os.environ, ASPNETCORE_URLS=f"http://127.0.0.1:{self.port}", ASPNETCORE_ENVIRONMENT="Production",
                   Storage__Provider="Postgres", ConnectionStrings__IoTPush=self.connection_string,
                   ForwardedHeaders__KnownProxies__0="127.0.0.1", Serilog__MinimumLevel__Default="Warning",
                   Dispatch__LeaseDuration=f"00:00:{LEASE:02}", Dispatch__HandlerTimeout=f"00:00:{HANDLER_TIMEOUT:02}",
                   Receiver__StoreTimeout="00:00:05")
        log = open(os.path.join(self.work, f"{self.name}.log"), "a")
        self.proc = subprocess.Popen(["dotnet", os.path.join(self.work, "iotpush", "IoTPush.Service.dll")], env=env,
                                     stdout=log, stderr=subprocess.STDOUT, cwd=self.work)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/health/ready")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not become ready")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Nginx:
    def __init__(self, work, instances):
        self.run = os.path.join(work, "nginx")
        os.makedirs(self.run, exist_ok=True)
        self.port = free_port()
        upstreams = " ".join(f"server 127.0.0.1:{instance.port};" for instance in instances)
        with open(os.path.join(ROOT, "deploy", "nginx.conf.template")) as template:
            config = template.read().replace("__RUN__", self.run).replace("__PORT__", str(self.port)).replace("__UPSTREAMS__", upstreams)
        self.config = os.path.join(self.run, "nginx.conf")
        with open(self.config, "w") as out:
            out.write(config)
        subprocess.run(["nginx", "-c", self.config, "-p", self.run, "-e", os.path.join(self.run, "error.log")], check=True)

    def stop(self):
        subprocess.run(["nginx", "-c", self.config, "-p", self.run, "-e", os.path.join(self.run, "error.log"), "-s", "quit"], check=False)


class Platform:
    """Workers that push as the platform does: each device's state changes then its result, and a push that was not
    answered 200 is sent again (same body) until it is."""

    def __init__(self, port, workers=4, devices_per_worker=10_000):
        self.port = port
        self.acknowledged = {}  # body -> id of its first 200
        self.statuses, self.lock, self.running = {}, threading.Lock(), True
        self.threads = [threading.Thread(target=self.work, args=(w, devices_per_worker), daemon=True) for w in range(workers)]
        for thread in self.threads:
            thread.start()

    def bodies(self, worker, device):
        common = {"deviceId": f"w{worker}-d{device}", "appId": "chaos", "operationId": f"op-{device % 7}",
                  "subOperationId": f"s-w{worker}-d{device}"}
        yield json.dumps({"notifyType": "fwUpgradeStateChangeNotify", **common, "step": "1", "stepDesc": "downloading"})
        yield json.dumps({"notifyType": "fwUpgradeStateChangeNotify", **common, "step": "3", "stepDesc": "updating"})
        yield json.dumps({"notifyType": "fwUpgradeResultNotify", **common, "curVersion": "1.6", "targetVersion": "1.6",
                          "sourceVersion": "1.3", "status": "SUCCESS" if device % 5 else "FAIL", "statusDesc": "", "upgradeTime": "1"})

    def work(self, worker, devices):
        connection = None
        for device in range(devices):
            for body in self.bodies(worker, device):
                while self.running:
                    try:
                        connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
                        connection.request("POST", "/v1.0.0/messageReceiver", body, {"Content-Type": "application/json"})
                        response = connection.getresponse()
                        answer = response.read()
                        with self.lock:
                            self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
                        if response.status == 200:
                            with self.lock:
                                self.acknowledged.setdefault(body, json.loads(answer)["id"])
                            break
                    except (OSError, http.client.HTTPException):
                        connection = None
                        with self.lock:
                            self.statuses["connection"] = self.statuses.get("connection", 0) + 1
                    time.sleep(0.5)  # the platform's retry, sooner than its real ten minutes
                if not self.running:
                    return

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=60)


def query(postgres, sql):
    return postgres.psql("chaos", sql)


def run_once(args, number):
    postgres = Postgres(args.work)
    instances, nginx, platform = [], None, None
    try:
        connection_string = postgres.create("chaos")
        instances = [Instance(args.work, f"instance-{number}-{i}", connection_string) for i in (1, 2)]
        nginx = Nginx(args.work, instances)
        platform = Platform(nginx.port)
        time.sleep(3)

        # 1. The tracker's table locked for three leases: the tracker's calls time out and are retried.
        locker = subprocess.Popen(postgres_command(postgres, "chaos", f"BEGIN; LOCK TABLE upgrades IN ACCESS EXCLUSIVE MODE; "
                                                                      f"SELECT pg_sleep({3 * LEASE}); COMMIT;"),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        locker.wait(timeout=3 * LEASE + 30)
        time.sleep(2)

        # 2. One instance killed mid-dispatch, and started again a little later (a container's restart).
        instances[0].kill()
        time.sleep(4)
        instances[0].start()
        time.sleep(2)

        # 3. The database stopped and started.
        postgres.run("pg_ctl", "-D", f"{postgres.dir}/data", "-m", "fast", "-w", "stop")
        time.sleep(4)
        postgres.run("pg_ctl", "-D", f"{postgres.dir}/data", "-l", f"{postgres.dir}/log", "-w", "-o",
                     f"-p {postgres.port} -k {postgres.dir} -c listen_addresses=127.0.0.1 -c synchronous_commit=on", "start")
        time.sleep(4)
        platform.stop()

        # Settle: every record handled, no lease left.
        settled_in = None
        started = time.time()
        while time.time() - started < 120:
            if query(postgres, "SELECT count(*) FROM inbox WHERE status <> 'processed' OR lease_owner IS NOT NULL") == "0":
                settled_in = time.time() - started
                break
            time.sleep(0.5)

        acknowledged = set(platform.acknowledged.values())
        stored_ids = query(postgres, "SELECT id FROM inbox").split()
        stored, stored_acknowledged = len(stored_ids), len(acknowledged & set(stored_ids))
        unprocessed = query(postgres, "SELECT count(*) FROM inbox WHERE status <> 'processed'")
        leased = query(postgres, "SELECT count(*) FROM inbox WHERE lease_until IS NOT NULL OR lease_owner IS NOT NULL")
        miscounted = query(postgres, """SELECT count(*) FROM upgrades u WHERE u.notifications <> (SELECT count(*) FROM inbox i
            WHERE i.operation_id = u.operation_id AND i.sub_operation_id = u.sub_operation_id AND i.device_id = u.device_id)""")
        rows = query(postgres, "SELECT count(*) FROM upgrades")
        checks = {
            "every 200 stored, once": stored_acknowledged == len(acknowledged) == stored == len(set(stored_ids)),
            "every record processed": unprocessed == "0",
            "every tracker row counts its distinct pushes": miscounted == "0",
            "no lease left": leased == "0",
        }
        print(f"run {number}: {len(platform.acknowledged)} pushes acknowledged (answers {dict(sorted(platform.statuses.items(), key=str))}); "
              f"{stored} records stored, {rows} tracker rows; settled {settled_in and f'{settled_in:.1f} s' or 'NOT within 120 s'} "
              f"after the load; " + "; ".join(f"{name}: {'yes' if ok else 'NO'}" for name, ok in checks.items()))
        return all(checks.values()) and settled_in is not None
    finally:
        if platform:
            platform.stop()
        if nginx:
            nginx.stop()
        for instance in instances:
            instance.stop()
        postgres.stop()


def postgres_command(postgres, database, sql):
    command = [os.path.join(postgres.bin, "psql"), "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres", "-d", database, "-c", sql]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"# IoTPush chaos check, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    print(f"Two instances on one PostgreSQL behind nginx; Dispatch:LeaseDuration {LEASE} s, Dispatch:HandlerTimeout "
          f"{HANDLER_TIMEOUT} s; under load: the tracker's table locked for {3 * LEASE} s, an instance killed (kill -9) and "
          "restarted, PostgreSQL stopped for 4 s and started.\n")
    passed = sum(1 for number in range(1, args.runs + 1) if run_once(args, number))
    print(f"\n{passed} of {args.runs} runs held every invariant.")
    sys.exit(0 if passed == args.runs else 1)


if __name__ == "__main__":
    main()
