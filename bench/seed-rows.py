#!/usr/bin/env python3
"""Fills an IoTPush SQLite file (already created by the service) with N processed notifications, their tracker
rows and their campaigns, as a long-running installation would have, to show that costs do not grow with it.
  seed-rows.py FILE N [OPERATIONS]
N devices over OPERATIONS campaigns (default 10,000): in each, 6 of 10 devices succeeded, 2 failed, 2 are still
updating; every fifth campaign is a software one."""
import hashlib, sqlite3, sys, time, uuid

path, count = sys.argv[1], int(sys.argv[2])
operations = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
start_ms = int(time.time() * 1000) - count  # older than anything the benchmark sends

def device(i):
    operation = i % operations
    kind = "software" if operation % 5 == 0 else "firmware"
    result = ("SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "FAIL", "FAIL", None, None)[(i // operations) % 10]
    return "op-seed-%d" % operation, kind, result

def inbox_rows():
    for i in range(count):
        ms = start_ms + i
        uid = uuid.UUID(int=(ms << 80) | (0x7 << 76) | (2 << 62) | i)
        operation, kind, _ = device(i)
        notify_type = "swUpgradeStateChangeNotify" if kind == "software" else "fwUpgradeStateChangeNotify"
        body = ('{"notifyType":"%s","deviceId":"seed-%d","appId":"seed","operationId":"%s",'
                '"subOperationId":"sub-%d","step":"3","stepDesc":"updating"}' % (notify_type, i, operation, i))
        yield (str(uid), ms, notify_type, "seed-%d" % i, "seed", operation,
               "sub-%d" % i, body, hashlib.sha256(body.encode()).digest(), "processed", 1, ms)

def upgrade_rows():
    for i in range(count):
        ms = start_ms + i
        operation, kind, result = device(i)
        yield (operation, "sub-%d" % i, "seed-%d" % i, kind, result, "1.3", "1.6",
               "1.6" if result == "SUCCESS" else "1.3", "E42" if result == "FAIL" else None, ms, ms)

db.executemany("""INSERT INTO inbox (id, received_at, notify_type, device_id, app_id, operation_id, sub_operation_id,
                  body, dedup_key, status, attempts, processed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", inbox_rows())
db.execute("""INSERT INTO upgrade_applied (notification_id) SELECT id FROM inbox WHERE app_id = 'seed'""")
db.executemany("""INSERT INTO upgrades (operation_id, sub_operation_id, device_id, kind, state, result, source_version,
                  target_version, current_version, error_code, first_seen_at, updated_at, notifications)
                  VALUES (?,?,?,?,'updating',?,?,?,?,?,?,?,1)""", upgrade_rows())
# The campaigns as the tracker would have kept them (the same sums as the schema's backfill).
db.execute("""INSERT INTO campaigns
              SELECT operation_id, count(*), total(kind = 'firmware'), total(kind = 'software'), total(state = 'idle'),
                     total(state = 'downloading'), total(state = 'downloaded'), total(state = 'updating'),
                     total(result = 'SUCCESS'), total(result = 'FAIL'), min(first_seen_at), max(updated_at)
              FROM upgrades WHERE operation_id LIKE 'op-seed-%' GROUP BY operation_id""")
db.commit()
print(db.execute("SELECT count(*) FROM inbox").fetchone()[0])
