using System.Security.Cryptography;

namespace IoTPush.Inbox;

/// <summary>
/// UUIDv7 ids (RFC 9562) that sort by time as text. Within one process they are strictly increasing:
/// the 12 bits after the millisecond time stamp count up within a millisecond (the RFC's method 1),
/// which <see cref="Guid.CreateVersion7()"/> does not guarantee. Ordering by id is ordering by receipt.
/// </summary>
public static class SortableId
{
    private static readonly Lock Gate = new();

    // Random bytes drawn from the system's generator a few kilobytes at a time: one call each, not one per id.
    [ThreadStatic]
    private static byte[]? _random;
    [ThreadStatic]
    private static int _randomUsed;
    private static long _lastMilliseconds;
    private static int _counter;

    public static string Next(DateTimeOffset now)
    {
        long milliseconds;
        int counter;
        lock (Gate)
        {
            milliseconds = Math.Max(now.ToUnixTimeMilliseconds(), _lastMilliseconds);
            if (milliseconds == _lastMilliseconds && ++_counter > 0xFFF)
            {
                milliseconds++; // the counter ran out: borrow the next millisecond
                _counter = 0;
            }
            else if (milliseconds != _lastMilliseconds)
            {
                _counter = 0;
            }

            _lastMilliseconds = milliseconds;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomBytes(bytes[8..]);
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }

        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true).ToString();
    }

    private static void RandomBytes(Span<byte> destination)
    {
        if (_random is null || _randomUsed + destination.Length > _random.Length)
        {
            _random ??= new byte[4096];
            RandomNumberGenerator.Fill(_random);
            _randomUsed = 0;
        }

        _random.AsSpan(_randomUsed, destination.Length).CopyTo(destination);
        _randomUsed += destination.Length;
    }
}
