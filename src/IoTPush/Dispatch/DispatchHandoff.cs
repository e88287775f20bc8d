using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace IoTPush.Dispatch;

/// <summary>
/// Hands pushes from the inbox writer to this instance's dispatcher in memory, as they are committed, so that
/// the dispatcher need not take them back from the store and read their bodies again. The store stays the record
/// of truth: a handed push is stored as taken and leased to this instance (renewed while it waits here), and whatever
/// the dispatcher has not finished when the process ends is taken from the store again (at once on SQLite, after its
/// lease elsewhere).
/// Bounded: beyond <see cref="Capacity"/>, and whenever the store holds a backlog (so that pushes go in order of
/// receipt), pushes are stored as plain pending records and the dispatcher takes them from the store.
/// </summary>
public sealed class DispatchHandoff(IOptions<DispatchOptions> options, DispatchSignal signal)
{
    private readonly ConcurrentQueue<HandedPush> _queue = new();
    private int _held; // queued, and reserved by commits under way
    private volatile bool _accepting;

    /// <summary>At least a thousand pushes (four batches if more): the next batches wait ready, memory stays bounded.</summary>
    public int Capacity => Math.Max(options.Value.BatchSize * 4, 1000);

    /// <summary>How long a handed push is leased to this instance in the store.</summary>
    public TimeSpan LeaseFor => options.Value.LeaseDuration;

    /// <summary>Set by the dispatcher: true while it runs and found no backlog in the store on its last look.</summary>
    public void Accept(bool accepting) => _accepting = accepting;

    /// <summary>Whether pushes committed now would be handed over (else the dispatcher reads them from the store).</summary>
    public bool Accepting => _accepting;

    /// <summary>Reserves room for up to <paramref name="wanted"/> pushes about to be committed; answers how many it took.</summary>
    public int Reserve(int wanted)
    {
        if (!_accepting || wanted <= 0)
        {
            return 0;
        }

        while (true)
        {
            var held = Volatile.Read(ref _held);
            var granted = Math.Min(wanted, Capacity - held);
            if (granted <= 0)
            {
                return 0;
            }

            if (Interlocked.CompareExchange(ref _held, held + granted, held) == held)
            {
                return granted;
            }
        }
    }

    /// <summary>The committed pushes of a reservation (duplicates and refusals left out); the rest of it is released.</summary>
    public void Hand(IReadOnlyList<HandedPush> pushes, int reserved)
    {
        foreach (var push in pushes)
        {
            _queue.Enqueue(push);
        }

        Release(reserved - pushes.Count);
        if (pushes.Count > 0)
        {
            signal.Notify();
        }
    }

    /// <summary>Gives back a reservation whose commit failed.</summary>
    public void Release(int reserved) => Interlocked.Add(ref _held, -reserved);

    /// <summary>Up to <paramref name="max"/> handed pushes, oldest first; none when nothing waits.</summary>
    public List<HandedPush> Take(int max)
    {
        var taken = new List<HandedPush>(Math.Min(max, _queue.Count));
        while (taken.Count < max && _queue.TryDequeue(out var push))
        {
            taken.Add(push);
        }

        Release(taken.Count);
        return taken;
    }

    /// <summary>Commits that reserved room are still under way: they hand their pushes over when they end.</summary>
    public bool CommitsUnderWay => Volatile.Read(ref _held) > _queue.Count;

    /// <summary>The ids of the pushes waiting here, whose leases are renewed with those of the batch being handled.</summary>
    public List<string> QueuedIds() => _queue.Select(push => push.Record.Id).ToList();
}
