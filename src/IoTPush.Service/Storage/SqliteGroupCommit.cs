using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace IoTPush.Service.Storage;

/// <summary>
/// Every write to the SQLite file, from whoever asks (the inbox's appends, the tracker, dispatch outcomes, the
/// management API), joined into as few transactions as possible: writes that queue up while one commit is under
/// way all go into the next, each in its own savepoint, so that one that fails is rolled back alone. A commit, and
/// the fsync and WAL pages it costs, is then shared by everything that was waiting for it.
/// </summary>
/// <remarks>
/// Leader and followers, with no thread of its own: the caller that finds no commit under way runs the queued
/// writes, its own among them, on its own thread; the others wait for the commit that holds theirs.
/// </remarks>
internal sealed class SqliteGroupCommit(SqliteConnection connection, Action beforeEachCommit)
{
    // Bounds one transaction, and how long one caller leads before it hands the lead to the thread pool.
    private const int MaxWritesPerCommit = 64;
    private const int MaxCommitsPerLead = 8;

    private readonly ConcurrentQueue<Write> _queue = new();
    private int _leading;

    /// <summary>Runs <paramref name="work"/> in a write transaction; the task completes once that has committed durably.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        var write = new Write<T>(work, cancellationToken);
        _queue.Enqueue(write);
        LeadIfIdle();
        return write.Task;
    }

    private void LeadIfIdle()
    {
        while (!_queue.IsEmpty && Interlocked.CompareExchange(ref _leading, 1, 0) == 0)
        {
            var commits = 0;
            try
            {
                while (commits++ < MaxCommitsPerLead && Take() is { Count: > 0 } writes)
                {
                    Commit(writes);
                }
            }
            finally
            {
                // A full fence, not a plain store: the queue is read again below, and a store followed by a load may be
                // reordered, leaving a write that a follower queued meanwhile with no leader.
                Interlocked.Exchange(ref _leading, 0);
            }

            if (commits > MaxCommitsPerLead)
            {
                // Writes keep coming: this caller has waited long enough, another thread leads from here.
                ThreadPool.UnsafeQueueUserWorkItem(group => group.LeadIfIdle(), this, preferLocal: false);
                return;
            }
        }
    }

    private List<Write> Take()
    {
        var writes = new List<Write>();
        while (writes.Count < MaxWritesPerCommit && _queue.TryDequeue(out var write))
        {
            if (!write.CancelIfAsked())
            {
                writes.Add(write);
            }
        }

        return writes;
    }

    private void Commit(List<Write> writes)
    {
        var done = new List<Write>(writes.Count);
        try
        {
            beforeEachCommit();
            using var transaction = connection.BeginTransaction();
            var alone = writes.Count == 1;
            foreach (var write in writes)
            {
                if (alone)
                {
                    write.Run(transaction);
                    done.Add(write);
                    continue;
                }

                transaction.Save("write");
                try
                {
                    write.Run(transaction);
                    transaction.Release("write");
                    done.Add(write);
                }
                catch (Exception exception) when (InTransaction())
                {
                    // Its own failure (a value the store refuses): undone alone, the others go on.
                    transaction.Rollback("write");
                    transaction.Release("write");
                    write.Fail(exception);
                }
            }

            transaction.Commit();
        }
        catch (Exception exception)
        {
            // The commit failed, or SQLite rolled the whole transaction back (a full disk, an I/O error): nothing
            // of this group was stored.
            foreach (var write in writes)
            {
                write.Fail(exception);
            }

            return;
        }

        foreach (var write in done)
        {
            write.Complete();
        }
    }

    private bool InTransaction() => SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0;

    private abstract class Write
    {
        public abstract void Run(SqliteTransaction transaction);

        public abstract void Complete();

        public abstract void Fail(Exception exception);

        /// <summary>True (and the write cancelled) when its caller gave up before it ran.</summary>
        public abstract bool CancelIfAsked();
    }

    private sealed class Write<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken) : Write
    {
        // Asynchronous continuations: the leader does not run its followers' code.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _completion.Task;

        public override void Run(SqliteTransaction transaction) => _result = work(transaction);

        public override void Complete() => _completion.TrySetResult(_result);

        public override void Fail(Exception exception) => _completion.TrySetException(exception);

        public override bool CancelIfAsked() => cancellationToken.IsCancellationRequested && _completion.TrySetCanceled(cancellationToken);
    }
}
