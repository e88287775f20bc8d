#!/usr/bin/env python3
"""Fills an IoTPush SQLite file (already created by the service) with N processed notifications and
their tracker rows, as a long-running installation would have, to show that costs do not grow with it."""
import hashlib, sqlite3, sys, time, uuid

path, count = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
start_ms = int(time.time() * 1000) - count  # older than anything the benchmark sends
def rows():
    for i in range(count):
        ms = start_ms + i
        uid = uuid.UUID(int=(ms << 80) | (0x7 << 76) | (2 << 62) | i)
        body = ('{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"seed-%d","appId":"seed","operationId":"op-seed-%d",'
                '"subOperationId":"sub-%d","step":"3","stepDesc":"updating"}' % (i, i % 1000, i))
        yield (str(uid), ms, "fwUpgradeStateChangeNotify", "seed-%d" % i, "seed", "op-seed-%d" % (i % 1000),
               "sub-%d" % i, body, hashlib.sha256(body.encode()).digest(), "processed", 1, ms)
db.executemany("""INSERT INTO inbox (id, received_at, notify_type, device_id, app_id, operation_id, sub_operation_id,
                  body, dedup_key, status, attempts, processed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", rows())
db.execute("""INSERT INTO upgrade_applied (notification_id) SELECT id FROM inbox WHERE app_id = 'seed'""")
db.execute("""INSERT INTO upgrades (operation_id, sub_operation_id, device_id, kind, state, state_notification_id,
              first_seen_at, updated_at, notifications)
              SELECT operation_id, sub_operation_id, device_id, 'firmware', 'updating', id, received_at, received_at, 1
              FROM inbox WHERE app_id = 'seed'""")
db.commit()
print(db.execute("SELECT count(*) FROM inbox").fetchone()[0])
